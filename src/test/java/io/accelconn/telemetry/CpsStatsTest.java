package io.accelconn.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Percentiles in bounded memory: within HdrHistogram's 0.1%, mergeable, and stored without loss. */
class CpsStatsTest {

    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    static StoredSample sample(double cps, Double active, Double rttP50, Double rttP99, SampleKind kind, Phase phase) {
        return new StoredSample(T, "cps-tool", kind, cps, active, rttP50, rttP99, phase);
    }

    @Test
    void percentilesAreWithinOnePartInAThousand() {
        Random random = new Random(7);
        double[] values = new double[100_000];
        CpsStats stats = new CpsStats();
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() * 50_000 * (i % 10 == 0 ? 25 : 1);
            stats.add(sample(values[i], (double) i, null, null, SampleKind.INTERVAL, Phase.UNKNOWN));
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double p : new double[] {50, 95, 99}) {
            double exact = sorted[(int) Math.ceil(p / 100 * sorted.length) - 1];
            assertEquals(exact, stats.cpsAt(p), exact * 0.001 + 0.1, "p" + p);
        }
        assertEquals(sorted[sorted.length - 1], stats.maxCps(), "the maximum is exact");
        assertEquals(values.length - 1.0, stats.maxActiveConnections());
        assertEquals(100_000, stats.count());
        assertNull(stats.synRttMedianUs(), "no sample carried a SYN RTT");
    }

    @Test
    void mergedStatsEqualStatsOfAllSamples() throws Exception {
        CpsStats all = new CpsStats();
        CpsStats a = new CpsStats();
        CpsStats b = new CpsStats();
        for (int i = 0; i < 1000; i++) {
            StoredSample s = sample(i * 7.5, null, 1000.0 + i, 50_000.0 + i, i % 100 == 0 ? SampleKind.RUN : SampleKind.INTERVAL,
                    Phase.UNKNOWN);
            all.add(s);
            (i % 3 == 0 ? a : b).add(s);
        }
        a.merge(b);
        assertFigures(all, a);
        assertEquals(10, a.runs());
        assertNotNull(a.synRttMedianUs());
    }

    @Test
    void statsSurviveTheSummaryRow() throws Exception {
        CpsStats stats = new CpsStats();
        stats.add(sample(0, 0.0, null, null, SampleKind.POINT, Phase.UNKNOWN));
        stats.add(sample(24164, 1595.0, 6221.0, 54222.0, SampleKind.RUN, Phase.UNKNOWN));
        stats.add(sample(30150.5, 56.0, null, null, SampleKind.INTERVAL, Phase.UNKNOWN));
        ByteBuffer buffer = ByteBuffer.allocate(stats.maxEncodedBytes());
        stats.write(buffer);
        buffer.flip();
        assertFigures(stats, CpsStats.read(buffer));

        DayDigest digest = new DayDigest();
        digest.add(new StoredSample(T, "cps-tool", SampleKind.INTERVAL, 100.0, null, null, null, Phase.BEFORE));
        digest.add(new StoredSample(T, "azure-monitor", SampleKind.POINT, 200.0, 10.0, null, null, Phase.UNKNOWN));
        DayDigest back = DayDigest.decode(digest.encode());
        assertEquals(digest.buckets().keySet(), back.buckets().keySet());
        assertEquals(2, back.count());
        assertNull(DayDigest.decode(new byte[] {9, 9, 9}), "an unknown format reads as no summary");
    }

    /** Unlabelled samples of a day, ten an hour, 100 CPS before {@code enabled} and 2500 from then on. */
    static List<StoredSample> day(Instant enabled) {
        List<StoredSample> samples = new ArrayList<>();
        for (int m = 0; m < 24 * 60; m += 6) {
            Instant t = T.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(m));
            samples.add(new StoredSample(t, "azure-monitor", SampleKind.POINT, t.isBefore(enabled) ? 100.0 : 2500.0, null, null,
                    null, Phase.UNKNOWN));
        }
        samples.add(new StoredSample(T, "azure-monitor", SampleKind.POINT, 7.0, null, null, null, Phase.AFTER)); // labelled
        return samples;
    }

    /** What a report makes of the samples read one by one (the reference the digest must equal). */
    static List<ReportFigures.Source> read(List<StoredSample> samples, Instant enabledAt) {
        SourceAccumulator acc = new SourceAccumulator();
        for (StoredSample s : samples) {
            CpsStats one = new CpsStats();
            one.add(s);
            Phase phase = s.labelPhase() != Phase.UNKNOWN ? s.labelPhase()
                    : enabledAt == null ? Phase.UNKNOWN : s.timestamp().isBefore(enabledAt) ? Phase.BEFORE : Phase.AFTER;
            acc.add(s.source(), s.labelPhase(), phase, one);
        }
        return acc.figures();
    }

    static List<ReportFigures.Source> digested(DayDigest digest, Instant enabledAt) {
        SourceAccumulator acc = new SourceAccumulator();
        return digest.addTo(acc, enabledAt) ? acc.figures() : null;
    }

    @Test
    void aDigestPlacesUnlabelledSamplesWhereverEnablingFallsOrSaysItCannot() {
        Instant day = T.truncatedTo(ChronoUnit.DAYS);
        Instant enabled = day.plus(Duration.ofHours(9)).plusSeconds(30);
        List<StoredSample> samples = day(enabled);
        DayDigest plain = new DayDigest();
        samples.forEach(plain::add);
        for (Instant outside : new Instant[] {null, day.minusSeconds(1), day, day.plus(Duration.ofDays(1))}) {
            assertEquals(read(samples, outside), digested(plain, outside), "enabled " + outside);
        }
        assertNull(digested(plain, enabled), "enabling between the day's unlabelled samples: read them");

        DayDigest split = DayDigest.decode(new DayDigest(enabled).encode());
        samples.forEach(split::add);
        assertEquals(read(samples, enabled), digested(DayDigest.decode(split.encode()), enabled));
        assertNull(digested(split, enabled.plusSeconds(1)), "split at another instant");

        // Split after the fact: exact only while every unlabelled sample so far is on one side.
        DayDigest late = new DayDigest();
        samples.subList(0, 50).forEach(late::add); // up to 04:54, before enabling
        late.splitAt(enabled);
        samples.subList(50, samples.size()).forEach(late::add);
        assertEquals(read(samples, enabled), digested(late, enabled));
        DayDigest tooLate = new DayDigest();
        samples.forEach(tooLate::add);
        tooLate.splitAt(enabled);
        assertNull(tooLate.splitAt(), "samples on both sides already: not split");
    }

    static void assertFigures(CpsStats expected, CpsStats actual) {
        assertEquals(expected.count(), actual.count());
        assertEquals(expected.runs(), actual.runs());
        assertEquals(expected.cpsAt(50), actual.cpsAt(50));
        assertEquals(expected.cpsAt(95), actual.cpsAt(95));
        assertEquals(expected.cpsAt(99), actual.cpsAt(99));
        assertEquals(expected.maxCps(), actual.maxCps());
        assertEquals(expected.maxActiveConnections(), actual.maxActiveConnections());
        assertEquals(expected.synRttMedianUs(), actual.synRttMedianUs());
        assertEquals(expected.synRttP99Us(), actual.synRttP99Us());
    }
}
