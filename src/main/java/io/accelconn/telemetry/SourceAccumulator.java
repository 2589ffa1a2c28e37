package io.accelconn.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Per source: all samples, and those before and after enabling, as bounded {@link CpsStats}. */
final class SourceAccumulator {

    private static final class PerSource {
        final CpsStats all = new CpsStats();
        final CpsStats before = new CpsStats();
        final CpsStats after = new CpsStats();
        boolean byLabel;
        boolean byEnablement;
    }

    private final Map<String, PerSource> sources = new TreeMap<>();

    /**
     * Stats of samples of one source and label phase (a day's stored summary, or a partition just
     * read), with the phase the report decided for them.
     */
    void add(String source, Phase labelPhase, Phase phase, CpsStats stats) {
        PerSource p = sources.computeIfAbsent(source, k -> new PerSource());
        p.all.merge(stats);
        if (phase != Phase.UNKNOWN) {
            (phase == Phase.BEFORE ? p.before : p.after).merge(stats);
            note(p, labelPhase != Phase.UNKNOWN);
        }
    }

    private static void note(PerSource p, boolean labelled) {
        if (labelled) {
            p.byLabel = true;
        } else {
            p.byEnablement = true;
        }
    }

    List<ReportFigures.Source> figures() {
        List<ReportFigures.Source> out = new ArrayList<>();
        sources.forEach((source, p) -> out.add(new ReportFigures.Source(source, cps(p.all), gain(p))));
        return out;
    }

    private static ReportFigures.Cps cps(CpsStats s) {
        return new ReportFigures.Cps(s.count(), s.runs(), s.cpsAt(50), s.cpsAt(95), s.cpsAt(99), s.maxCps(),
                s.maxActiveConnections(), s.synRttMedianUs(), s.synRttP99Us());
    }

    private static ReportFigures.Gain gain(PerSource p) {
        if (p.before.count() == 0 && p.after.count() == 0) {
            return null;
        }
        Double before = p.before.cpsAt(50);
        Double after = p.after.cpsAt(50);
        Double ratio = before == null || after == null || before == 0 ? null : Math.round(after / before * 100) / 100.0;
        String basis = p.byLabel && p.byEnablement ? "labels+audit" : p.byLabel ? "labels" : "audit";
        return new ReportFigures.Gain(p.before.count(), before, p.after.count(), after, ratio, ReportFigures.PROMISED_GAIN,
                basis);
    }
}
