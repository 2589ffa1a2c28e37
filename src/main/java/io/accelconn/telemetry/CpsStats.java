package io.accelconn.telemetry;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

import org.HdrHistogram.DoubleHistogram;

/**
 * The figures of a set of samples, in bounded memory however many samples it saw: counts, exact
 * maxima, and HdrHistogram {@link DoubleHistogram}s (3 significant digits, so percentiles are
 * within 0.1%) for CPS and the samples' SYN round-trip medians and 99th percentiles. Stats
 * merge, so a day's stats can be stored once and added to a report later.
 */
final class CpsStats {

    /** HdrHistogram's precision: values are told apart to 1 part in 1,000. */
    static final int SIGNIFICANT_DIGITS = 3;

    private long count;
    private long runs;
    private double maxCps = Double.NaN;
    private double maxActive = Double.NaN;
    private final DoubleHistogram cps;
    private final DoubleHistogram synRttP50;
    private final DoubleHistogram synRttP99;

    CpsStats() {
        this(histogram(), histogram(), histogram());
    }

    private CpsStats(DoubleHistogram cps, DoubleHistogram synRttP50, DoubleHistogram synRttP99) {
        this.cps = cps;
        this.synRttP50 = synRttP50;
        this.synRttP99 = synRttP99;
    }

    private static DoubleHistogram histogram() {
        // Auto-ranging: any value a sample may hold (0 to 1e9) fits without configuring a range.
        return new DoubleHistogram(SIGNIFICANT_DIGITS);
    }

    void add(StoredSample s) {
        if (s.cps() == null) {
            return;
        }
        count++;
        if (s.kind() == SampleKind.RUN) {
            runs++;
        }
        cps.recordValue(s.cps());
        maxCps = max(maxCps, s.cps());
        if (s.activeConnections() != null) {
            maxActive = max(maxActive, s.activeConnections());
        }
        if (s.synRttP50Us() != null) {
            synRttP50.recordValue(s.synRttP50Us());
        }
        if (s.synRttP99Us() != null) {
            synRttP99.recordValue(s.synRttP99Us());
        }
    }

    void merge(CpsStats other) {
        count += other.count;
        runs += other.runs;
        maxCps = max(maxCps, other.maxCps);
        maxActive = max(maxActive, other.maxActive);
        cps.add(other.cps);
        synRttP50.add(other.synRttP50);
        synRttP99.add(other.synRttP99);
    }

    long count() {
        return count;
    }

    long runs() {
        return runs;
    }

    /**
     * CPS at {@code percentile} (0-100); null without samples. Never above the exact maximum:
     * HdrHistogram answers with the top of a value's bucket, which can lie just above it.
     */
    Double cpsAt(double percentile) {
        return count == 0 ? null : round(Math.min(cps.getValueAtPercentile(percentile), maxCps));
    }

    Double maxCps() {
        return Double.isNaN(maxCps) ? null : maxCps;
    }

    Double maxActiveConnections() {
        return Double.isNaN(maxActive) ? null : maxActive;
    }

    /** The median of the samples' SYN RTT medians, in microseconds; null when none had one. */
    Double synRttMedianUs() {
        return synRttP50.getTotalCount() == 0 ? null : round(synRttP50.getValueAtPercentile(50));
    }

    /** The 99th percentile of the samples' SYN RTT 99th percentiles, in microseconds; null when none had one. */
    Double synRttP99Us() {
        return synRttP99.getTotalCount() == 0 ? null : round(synRttP99.getValueAtPercentile(99));
    }

    /** Writes these stats to {@code out}; {@link #read} reads them back. */
    void write(ByteBuffer out) {
        out.putLong(count).putLong(runs).putDouble(maxCps).putDouble(maxActive);
        writeHistogram(out, cps);
        writeHistogram(out, synRttP50);
        writeHistogram(out, synRttP99);
    }

    /** An upper bound of what {@link #write} needs. */
    int maxEncodedBytes() {
        return 32 + 3 * 4 + cps.getNeededByteBufferCapacity() + synRttP50.getNeededByteBufferCapacity()
                + synRttP99.getNeededByteBufferCapacity();
    }

    static CpsStats read(ByteBuffer in) throws DataFormatException {
        long count = in.getLong();
        long runs = in.getLong();
        double maxCps = in.getDouble();
        double maxActive = in.getDouble();
        CpsStats s = new CpsStats(readHistogram(in), readHistogram(in), readHistogram(in));
        s.count = count;
        s.runs = runs;
        s.maxCps = maxCps;
        s.maxActive = maxActive;
        return s;
    }

    private static void writeHistogram(ByteBuffer out, DoubleHistogram h) {
        if (h.getTotalCount() == 0) {
            out.putInt(0);
            return;
        }
        // Encoded apart: HdrHistogram writes at absolute offsets from the buffer's start.
        ByteBuffer encoded = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(encoded);
        out.putInt(length).put(encoded.array(), 0, length);
    }

    private static DoubleHistogram readHistogram(ByteBuffer in) throws DataFormatException {
        int length = in.getInt();
        if (length == 0) {
            return histogram();
        }
        // Copied out: HdrHistogram reads the backing array from its start, whatever the buffer's offset.
        byte[] encoded = new byte[length];
        in.get(encoded);
        DoubleHistogram h = DoubleHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 2);
        h.setAutoResize(true);
        return h;
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    /** To a tenth: HdrHistogram's bucket edges are not figures anyone should read more digits of. */
    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
