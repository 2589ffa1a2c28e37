package io.accelconn.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.accelconn.api.RequestRejected;
import io.accelconn.api.WireText;
import io.accelconn.azure.ResourceId;

/**
 * The client output of Microsoft's {@code cps} (ncps) connections-per-second tool, as a team
 * captures it on a VM: an interval table ({@code T(sec) N Pend Failed IOFail Conn/s ...}, one row
 * every {@code -i} seconds), the command line, then machine-readable lines ({@code ###ENDCPS},
 * {@code ###CPS}, {@code ###SYNRTT}, {@code ###REXMIT}, {@code ###RXGBPS}/{@code ###TXGBPS}) and
 * their human-readable {@code ===} twins. See {@code ../shared/reference/cps/}.
 * <p>
 * Read robustly: Windows line ends, several runs one after another (a new header, a second
 * {@code ###ENDCPS}, or time going back starts a run), and output cut off anywhere (a last line
 * without its line end is taken as cut off and skipped, with a warning). Any other line is not
 * the tool's and is refused, naming the line.
 */
final class CpsToolOutput {

    static final String NOT_CPS_OUTPUT = "NOT_CPS_OUTPUT";
    static final String NO_SAMPLES = "NO_SAMPLES";

    private static final List<String> HEADER = List.of("T(sec)", "N", "Pend", "Failed", "IOFail", "Conn/s", "Close/s",
            "RXkbyte/s", "TXkbyte/s", "RT/i", "c0/i", "c0rtt/i", "cR/i", "cRrtt/i");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,15}(\\.\\d{1,6})?");
    /** Printed by the tool for a wrapped-around port range at the end of an interval row. */
    private static final String PORTS_WRAPPED = "REP";

    /** One interval row: the columns a sample keeps. */
    record Interval(int line, double seconds, long open, long failedTotal, double cps) {
    }

    /** One run of the tool: its interval rows and its summary lines, any of which may be missing. */
    static final class Run {
        final List<Interval> intervals = new ArrayList<>();
        int endCpsLine;
        Double endCps;
        Long lastConnectionMillis;
        SynRtt synRtt = SynRtt.NONE;
        Double retransmitPercent;
        Double retransmitsPerConnection;

        boolean hasSummary() {
            return endCps != null || lastConnectionMillis != null || !synRtt.isEmpty() || retransmitPercent != null;
        }

        boolean isEmpty() {
            return intervals.isEmpty() && !hasSummary();
        }

        /** Seconds from the run's start to its end: its last row, or the time of its last counted connection. */
        double durationSeconds() {
            double d = intervals.isEmpty() ? 0 : intervals.get(intervals.size() - 1).seconds();
            return lastConnectionMillis == null ? d : Math.max(d, lastConnectionMillis / 1000.0);
        }
    }

    record Parsed(List<Run> runs, List<String> warnings) {
    }

    private CpsToolOutput() {
    }

    static Parsed parse(String text) {
        List<Run> runs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        // The tool ends every line with a line end: text after the last one was cut off.
        int complete = lines.length - 1;
        if (!lines[complete].isBlank()) {
            warnings.add("line " + (complete + 1) + " has no line end: the output was cut off there, and the line was skipped");
        }
        Run run = new Run();
        for (int i = 0; i < complete; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("===") || line.startsWith("### T ") || line.equals("PAUSE")
                    || line.equals("RESUME") || line.equals("!!!NO CONNECTIONS WERE ESTABLISHED!!!")) {
                continue; // the tool's human-readable twins of the ### lines, its parameters, its console echoes
            }
            if (line.startsWith("FAILURE ")) {
                warnings.add("line " + number + ": the tool reported " + WireText.escape(line, 80));
                continue;
            }
            String[] tokens = WHITESPACE.split(line);
            if (isHeader(tokens)) {
                if (!run.isEmpty()) {
                    runs.add(run);
                    run = new Run();
                }
            } else if (isIntervalRow(tokens)) {
                Interval row = new Interval(number, Double.parseDouble(tokens[0]), Long.parseLong(tokens[1]),
                        Long.parseLong(tokens[3]), Double.parseDouble(tokens[5]));
                boolean timeWentBack = !run.intervals.isEmpty()
                        && row.seconds() <= run.intervals.get(run.intervals.size() - 1).seconds();
                if (run.hasSummary() || timeWentBack) {
                    runs.add(run);
                    run = new Run();
                }
                run.intervals.add(row);
            } else if (line.startsWith("###ENDCPS ")) {
                if (run.endCps != null) {
                    runs.add(run);
                    run = new Run();
                }
                run.endCps = number(line.substring("###ENDCPS ".length()), number, line);
                run.endCpsLine = number;
            } else if (line.startsWith("###CPS,")) {
                run.lastConnectionMillis = lastConnectionMillis(line, number);
            } else if (line.startsWith("###SYNRTT,")) {
                run.synRtt = synRtt(line, number);
            } else if (line.startsWith("###REXMIT,")) {
                String[] pairs = line.substring("###REXMIT,".length()).split(",");
                run.retransmitPercent = pairValue(pairs, "rtconnpercentage", number, line);
                run.retransmitsPerConnection = pairValue(pairs, "rtperconn", number, line);
            } else if (line.startsWith("###RXGBPS ") || line.startsWith("###TXGBPS ")) {
                number(line.substring(10), number, line); // throughput is not a CPS figure: checked, not kept
            } else {
                throw notUnderstood(number, line);
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        if (runs.stream().allMatch(r -> r.intervals.isEmpty() && r.endCps == null)) {
            throw RequestRejected.badRequest(NO_SAMPLES, "the output holds no interval row and no ###ENDCPS line"
                    + (warnings.isEmpty() ? "" : " (" + String.join("; ", warnings) + ")"));
        }
        return new Parsed(runs, warnings);
    }

    /**
     * The runs as samples: one per interval row (its end time, {@code Conn/s}, {@code N} open
     * connections, connects failed in the interval) and one per run summary ({@code ###ENDCPS} with
     * the SYN RTT and retransmit figures). The tool prints no clock time: runs are taken to have
     * run back to back, the last one ending at {@code end}.
     */
    static List<CpsSample> samples(Parsed parsed, ResourceId resource, Instant end, List<String> labels, SampleRules rules,
            Instant now) {
        List<List<CpsSample>> byRun = new ArrayList<>();
        Instant runEnd = end;
        for (int r = parsed.runs().size() - 1; r >= 0; r--) {
            Run run = parsed.runs().get(r);
            double duration = run.durationSeconds();
            List<CpsSample> samples = new ArrayList<>();
            long failedBefore = 0;
            for (Interval row : run.intervals) {
                Instant t = runEnd.minusMillis(Math.round((duration - row.seconds()) * 1000));
                long failed = row.failedTotal() >= failedBefore ? row.failedTotal() - failedBefore : row.failedTotal();
                failedBefore = row.failedTotal();
                String at = "line " + row.line();
                samples.add(new CpsSample(resource, rules.timestamp(t, now, at + " (its time)"), SampleKind.INTERVAL,
                        CpsSample.CPS_TOOL, SampleRules.figure(row.cps(), at + " Conn/s"),
                        (long) SampleRules.figure(row.open(), at + " N"), (long) SampleRules.figure(failed, at + " Failed"),
                        SynRtt.NONE, null, null, labels));
            }
            if (run.endCps != null) {
                String at = "line " + run.endCpsLine;
                Long failed = run.intervals.isEmpty() ? null : run.intervals.get(run.intervals.size() - 1).failedTotal();
                samples.add(new CpsSample(resource, rules.timestamp(runEnd, now, at + " (its time)"), SampleKind.RUN,
                        CpsSample.CPS_TOOL, SampleRules.figure(run.endCps, at + " ###ENDCPS"), null, failed, run.synRtt,
                        run.retransmitPercent, run.retransmitsPerConnection, labels));
            }
            byRun.add(0, samples);
            runEnd = runEnd.minusMillis(Math.round(duration * 1000));
        }
        return byRun.stream().flatMap(List::stream).toList();
    }

    /**
     * The interval table's header. The reference capture (VirtualClient's test copy) ends it with
     * a literal backslash-r, an escaped CR that survived a copy: that is taken as the header too.
     */
    private static boolean isHeader(String[] tokens) {
        if (tokens.length != HEADER.size()) {
            return false;
        }
        String last = tokens[tokens.length - 1];
        if (last.endsWith("\\r")) {
            tokens = tokens.clone();
            tokens[tokens.length - 1] = last.substring(0, last.length() - 2);
        }
        return List.of(tokens).equals(HEADER);
    }

    private static boolean isIntervalRow(String[] tokens) {
        int columns = tokens.length == HEADER.size() + 1 && tokens[HEADER.size()].equals(PORTS_WRAPPED)
                ? HEADER.size() : tokens.length;
        if (columns != HEADER.size()) {
            return false;
        }
        for (int c = 0; c < columns; c++) {
            if (!NUMBER.matcher(tokens[c]).matches()) {
                return false;
            }
        }
        // Counters are printed as integers: a fraction there is not this table.
        for (int c : new int[] {1, 2, 3, 4, 9, 10, 11, 12, 13}) {
            if (tokens[c].indexOf('.') >= 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code ###CPS,100000:3127,...,1449936:60002}: milliseconds to the last connection counted. */
    private static long lastConnectionMillis(String line, int number) {
        String[] pairs = line.substring("###CPS,".length()).split(",");
        long last = -1;
        for (String pair : pairs) {
            String[] kv = pair.split(":");
            if (kv.length != 2 || !kv[0].matches("\\d{1,19}") || !kv[1].matches("\\d{1,10}")) {
                throw notUnderstood(number, line);
            }
            last = Long.parseLong(kv[1]);
        }
        return last;
    }

    /** {@code ###SYNRTT,25:3424,Median:6221,Mean:18737,75:..,90:..,95:..,99:..,99.9:..,99.99:..}, microseconds. */
    private static SynRtt synRtt(String line, int number) {
        String[] pairs = line.substring("###SYNRTT,".length()).split(",");
        return new SynRtt(pairValue(pairs, "25", number, line), pairValue(pairs, "Median", number, line),
                pairValue(pairs, "Mean", number, line), pairValue(pairs, "75", number, line),
                pairValue(pairs, "90", number, line), pairValue(pairs, "95", number, line),
                pairValue(pairs, "99", number, line), pairValue(pairs, "99.9", number, line),
                pairValue(pairs, "99.99", number, line));
    }

    /** The value of {@code key:value} among {@code pairs}; the tool prints -1 for a percentile it has no data for. */
    private static Double pairValue(String[] pairs, String key, int number, String line) {
        for (String pair : pairs) {
            int colon = pair.lastIndexOf(':');
            if (colon > 0 && pair.substring(0, colon).equals(key)) {
                String value = pair.substring(colon + 1);
                if (value.equals("-1")) {
                    return null;
                }
                return number(value, number, line);
            }
        }
        throw notUnderstood(number, line);
    }

    private static double number(String text, int number, String line) {
        String t = text.strip();
        if (!NUMBER.matcher(t).matches()) {
            throw notUnderstood(number, line);
        }
        return Double.parseDouble(t);
    }

    private static RequestRejected notUnderstood(int number, String line) {
        return RequestRejected.badRequest(NOT_CPS_OUTPUT, "line " + number + " is not cps tool output: '"
                + WireText.escape(line, 80) + "' (send the tool's output unchanged, e.g. curl --data-binary @cps-output.txt)");
    }
}
