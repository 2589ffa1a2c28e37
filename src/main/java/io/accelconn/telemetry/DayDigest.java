package io.accelconn.telemetry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;

/**
 * One sample partition (a resource on one UTC day) summed up per source and per the phase the
 * samples' labels give. Stored in the partition's summary row so a report over a month reads
 * one row per day instead of every sample; the phase of unlabelled samples is decided by the
 * report, which knows when the NIC was enabled.
 */
final class DayDigest {

    private static final byte VERSION = 1;

    record Bucket(String source, Phase labelPhase) {
    }

    private final Map<Bucket, CpsStats> buckets = new LinkedHashMap<>();

    void add(StoredSample s) {
        buckets.computeIfAbsent(new Bucket(s.source(), s.labelPhase()), b -> new CpsStats()).add(s);
    }

    Map<Bucket, CpsStats> buckets() {
        return buckets;
    }

    long count() {
        return buckets.values().stream().mapToLong(CpsStats::count).sum();
    }

    byte[] encode() {
        int capacity = 5;
        for (Map.Entry<Bucket, CpsStats> e : buckets.entrySet()) {
            capacity += 3 + e.getKey().source().length() * 3 + e.getValue().maxEncodedBytes();
        }
        ByteBuffer out = ByteBuffer.allocate(capacity);
        out.put(VERSION).putInt(buckets.size());
        for (Map.Entry<Bucket, CpsStats> e : buckets.entrySet()) {
            byte[] source = e.getKey().source().getBytes(StandardCharsets.UTF_8);
            out.putShort((short) source.length).put(source).put((byte) e.getKey().labelPhase().ordinal());
            e.getValue().write(out);
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /** The digest {@link #encode} wrote; null when the bytes are not one (a newer format, damage). */
    static DayDigest decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                return null;
            }
            DayDigest d = new DayDigest();
            int n = in.getInt();
            for (int i = 0; i < n; i++) {
                byte[] source = new byte[in.getShort()];
                in.get(source);
                Phase phase = Phase.values()[in.get()];
                d.buckets.put(new Bucket(new String(source, StandardCharsets.UTF_8), phase), CpsStats.read(in));
            }
            return d;
        } catch (DataFormatException | RuntimeException e) {
            return null; // a damaged row is recomputed from the samples, not trusted
        }
    }
}
