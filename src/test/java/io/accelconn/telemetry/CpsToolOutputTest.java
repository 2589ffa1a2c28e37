package io.accelconn.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.accelconn.api.RequestRejected;
import io.accelconn.azure.ResourceId;
import io.accelconn.testsupport.SharedReference;

/** The cps tool's output read into samples: the reference capture and what happens to captures in practice. */
class CpsToolOutputTest {

    static final String CAPTURE = SharedReference.text("cps/CPS_Example_Results_Client.virtualclient.txt");
    static final ResourceId NIC = ResourceId.parse("/subscriptions/6f1a3b2c-0d4e-4f5a-8b9c-0123456789ab/resourceGroups/rg"
            + "/providers/Microsoft.Network/networkInterfaces/fw-nic0");
    static final Instant END = Instant.parse("2026-11-25T10:01:00Z");
    static final SampleRules RULES = new SampleRules(Duration.ofDays(30), Duration.ofMinutes(5));

    static List<CpsSample> samples(String text) {
        return CpsToolOutput.samples(CpsToolOutput.parse(text), NIC, END, List.of("before"), RULES, END);
    }

    @Test
    void theReferenceCaptureIsSixIntervalsAndOneRun() {
        CpsToolOutput.Parsed parsed = CpsToolOutput.parse(CAPTURE);
        assertEquals(1, parsed.runs().size());
        assertTrue(parsed.warnings().isEmpty(), parsed.warnings().toString());
        List<CpsSample> s = samples(CAPTURE);
        assertEquals(7, s.size());
        CpsSample first = s.get(0);
        assertEquals(SampleKind.INTERVAL, first.kind());
        assertEquals(30150.5, first.cps());
        assertEquals(56L, first.activeConnections());
        assertEquals(0L, first.failedConnections());
        assertEquals(CpsSample.CPS_TOOL, first.source());
        assertEquals(List.of("before"), first.labels());
        // The run ended at END; its first interval row was printed 10.002 s after the start of the 60.002 s run.
        assertEquals(END.minusMillis(50_000), first.timestamp());
        CpsSample last = s.get(5);
        assertEquals(13494.0, last.cps());
        assertEquals(149292L, last.failedConnections(), "Failed is cumulative: the last interval adds all of them");
        assertEquals(END, last.timestamp());
        CpsSample run = s.get(6);
        assertEquals(SampleKind.RUN, run.kind());
        assertEquals(END, run.timestamp());
        assertEquals(24164.0, run.cps());
        assertEquals(149292L, run.failedConnections());
        assertNull(run.activeConnections());
        assertEquals(new SynRtt(3424d, 6221d, 18737d, 10893d, 17628d, 24607d, 54222d, 2027000d, 4057000d), run.synRtt());
        assertEquals(3.2825, run.retransmitPercent());
        assertEquals(1.1436, run.retransmitsPerConnection());
    }

    @Test
    void windowsLineEndsReadTheSame() {
        assertEquals(samples(CAPTURE), samples(CAPTURE.replace("\r", "").replace("\n", "\r\n")));
    }

    @Test
    void outputCutOffKeepsWhatWasComplete() {
        // In the middle of an interval row: the rows before it stay, the partial line is skipped and said so.
        int cut = CAPTURE.indexOf("   40.002") + 12;
        CpsToolOutput.Parsed parsed = CpsToolOutput.parse(CAPTURE.substring(0, cut));
        assertEquals(3, parsed.runs().get(0).intervals.size());
        assertEquals(1, parsed.warnings().size());
        assertTrue(parsed.warnings().get(0).startsWith("line 5 has no line end"), parsed.warnings().get(0));
        List<CpsSample> s = samples(CAPTURE.substring(0, cut));
        assertEquals(3, s.size());
        assertEquals(END, s.get(2).timestamp(), "a run cut off ends at its last complete row");

        // Inside the summary: ###ENDCPS 24164 cut to ###ENDCPS 24 must not become a figure.
        cut = CAPTURE.indexOf("###ENDCPS 24164") + "###ENDCPS 24".length();
        List<CpsSample> cutSummary = samples(CAPTURE.substring(0, cut));
        assertEquals(6, cutSummary.size());
        assertTrue(cutSummary.stream().noneMatch(x -> x.kind() == SampleKind.RUN));

        // After ###SYNRTT, before ###REXMIT: the run sample has what came.
        cut = CAPTURE.indexOf("=== Percentage");
        CpsSample run = samples(CAPTURE.substring(0, cut)).get(6);
        assertEquals(54222d, run.synRtt().p99());
        assertNull(run.retransmitPercent());

        // Cut inside the header line: nothing of a table yet.
        RequestRejected none = assertThrows(RequestRejected.class, () -> CpsToolOutput.parse(CAPTURE.substring(0, 20)));
        assertEquals(CpsToolOutput.NO_SAMPLES, none.code());
    }

    @Test
    void severalRunsOneAfterAnotherAreLaidBackToBack() {
        String two = CAPTURE + CAPTURE.replace("30150.5", "750000.0").replace("###ENDCPS 24164", "###ENDCPS 600000");
        CpsToolOutput.Parsed parsed = CpsToolOutput.parse(two);
        assertEquals(2, parsed.runs().size());
        List<CpsSample> s = samples(two);
        assertEquals(14, s.size());
        assertEquals(END.minusMillis(60_002), s.get(6).timestamp(), "the first run ends where the second starts");
        assertEquals(24164.0, s.get(6).cps());
        assertEquals(750000.0, s.get(7).cps());
        assertEquals(600000.0, s.get(13).cps());
        assertEquals(END, s.get(13).timestamp());

        // Without a header between them, time going back starts the next run too.
        String table = CAPTURE.substring(0, CAPTURE.indexOf("\n\n") + 1);
        String rows = table.substring(table.indexOf('\n') + 1);
        assertEquals(2, CpsToolOutput.parse(table + rows).runs().size());
        assertEquals(12, samples(table + rows).size());
    }

    @Test
    void aLineThatIsNotTheToolsIsRefusedByNumber() {
        String mixed = CAPTURE.replace("###TXGBPS 0.19", "Segmentation fault (core dumped)");
        RequestRejected r = assertThrows(RequestRejected.class, () -> CpsToolOutput.parse(mixed));
        assertEquals(CpsToolOutput.NOT_CPS_OUTPUT, r.code());
        assertTrue(r.getMessage().startsWith("line 12 is not cps tool output: 'Segmentation fault (core dumped)'"), r.getMessage());

        // curl -d @file drops the line ends: one long line, refused with the hint to send it unchanged.
        String flattened = CAPTURE.replace("\r", "").replace("\n", "") + "\n";
        RequestRejected flat = assertThrows(RequestRejected.class, () -> CpsToolOutput.parse(flattened));
        assertTrue(flat.getMessage().startsWith("line 1 is not cps tool output"), flat.getMessage());
        assertTrue(flat.getMessage().contains("--data-binary"), flat.getMessage());

        // Control characters are escaped in the answer, never echoed.
        RequestRejected hostile = assertThrows(RequestRejected.class, () -> CpsToolOutput.parse("\u001b[31mred\n"));
        assertTrue(hostile.getMessage().contains("\\u001b[31mred"), hostile.getMessage());
        assertFalse(hostile.getMessage().contains("\u001b"));

        // A known line with a broken value is not understood either.
        RequestRejected broken = assertThrows(RequestRejected.class,
                () -> CpsToolOutput.parse(CAPTURE.replace("Median:6221", "Median:fast")));
        assertTrue(broken.getMessage().startsWith("line 40 is not cps tool output: '###SYNRTT,"), broken.getMessage());
    }

    @Test
    void wrappedPortsMarkerAndMissingPercentilesAreRead() {
        String text = CAPTURE.replace("9342  292573    9247    8991   305280", "9342  292573    9247    8991   305280 REP")
                .replace("99.99:4057000", "99.99:-1");
        List<CpsSample> s = samples(text);
        assertEquals(30150.5, s.get(0).cps());
        assertNull(s.get(6).synRtt().p9999(), "the tool prints -1 for a percentile it has no data for");
    }

    @Test
    void outputWithoutAnySampleIsRefused() {
        RequestRejected r = assertThrows(RequestRejected.class,
                () -> CpsToolOutput.parse("\n!!!NO CONNECTIONS WERE ESTABLISHED!!!\n"));
        assertEquals(CpsToolOutput.NO_SAMPLES, r.code());
    }

    @Test
    void aRunTooOldForTheWindowIsRefusedNamingItsLine() {
        String many = CAPTURE.repeat(2);
        SampleRules tight = new SampleRules(Duration.ofSeconds(90), Duration.ofMinutes(5));
        RequestRejected r = assertThrows(RequestRejected.class,
                () -> CpsToolOutput.samples(CpsToolOutput.parse(many), NIC, END, List.of(), tight, END));
        assertTrue(r.getMessage().startsWith("line 2 (its time)"), r.getMessage());
    }
}
