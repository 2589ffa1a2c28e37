package io.accelconn.telemetry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;

/**
 * One sample partition (a resource on one UTC day) summed up per source and per the phase the
 * samples' labels give. Kept current by every write in the partition's summary row (and copied
 * to the day index) so a report over a month reads one small row per resource and day instead of
 * every sample.
 * <p>
 * The phase of an unlabelled sample depends on when its NIC was enabled, which may be learnt
 * after the sample was written. So the digest keeps the time of its first and last unlabelled
 * sample: when enabling lies outside that range, every unlabelled sample of the day is on one
 * side of it. Only a day on which enabling falls between its unlabelled samples needs them split
 * at that instant, which a digest built with that {@code splitAt} holds.
 */
final class DayDigest {

    private static final byte VERSION = 2;
    private static final long NONE = Long.MIN_VALUE;

    /**
     * @param side for an unlabelled sample, its side of {@code splitAt}; UNKNOWN without a split and
     *             for labelled samples (their labels decide)
     */
    record Bucket(String source, Phase labelPhase, Phase side) {
    }

    private final Map<Bucket, CpsStats> buckets = new LinkedHashMap<>();
    private Instant splitAt;
    private Instant firstUnlabelled;
    private Instant lastUnlabelled;

    DayDigest() {
    }

    /** @param splitAt where unlabelled samples are split (the NIC's enabling), null: not split */
    DayDigest(Instant splitAt) {
        this.splitAt = splitAt;
    }

    void add(StoredSample s) {
        Phase side = Phase.UNKNOWN;
        if (s.labelPhase() == Phase.UNKNOWN) {
            Instant t = s.timestamp();
            firstUnlabelled = firstUnlabelled == null || t.isBefore(firstUnlabelled) ? t : firstUnlabelled;
            lastUnlabelled = lastUnlabelled == null || t.isAfter(lastUnlabelled) ? t : lastUnlabelled;
            if (splitAt != null) {
                side = t.isBefore(splitAt) ? Phase.BEFORE : Phase.AFTER;
            }
        }
        buckets.computeIfAbsent(new Bucket(s.source(), s.labelPhase(), side), b -> new CpsStats()).add(s);
    }

    /**
     * Splits unlabelled samples at {@code at} from now on, when that stays exact: this digest has
     * no split yet and its unlabelled samples so far all lie on one side of {@code at}.
     */
    void splitAt(Instant at) {
        if (splitAt != null || (firstUnlabelled != null && firstUnlabelled.isBefore(at) && !lastUnlabelled.isBefore(at))) {
            return;
        }
        splitAt = at;
        Phase side = lastUnlabelled != null && lastUnlabelled.isBefore(at) ? Phase.BEFORE : Phase.AFTER;
        Map<Bucket, CpsStats> before = new LinkedHashMap<>(buckets);
        buckets.clear();
        before.forEach((b, stats) -> buckets.put(b.labelPhase() == Phase.UNKNOWN ? new Bucket(b.source(), b.labelPhase(), side) : b,
                stats));
    }

    Map<Bucket, CpsStats> buckets() {
        return buckets;
    }

    Instant splitAt() {
        return splitAt;
    }

    long count() {
        return buckets.values().stream().mapToLong(CpsStats::count).sum();
    }

    /**
     * Adds this day to {@code acc} with unlabelled samples placed relative to {@code enabledAt}
     * (null: unknown), exactly as reading the samples would; false, and nothing added, when this
     * digest cannot tell (enabling falls between its unlabelled samples, not at its split).
     */
    boolean addTo(SourceAccumulator acc, Instant enabledAt) {
        Phase unlabelled;
        boolean bySide = false;
        if (enabledAt == null || firstUnlabelled == null) {
            unlabelled = Phase.UNKNOWN;
        } else if (lastUnlabelled.isBefore(enabledAt)) {
            unlabelled = Phase.BEFORE;
        } else if (!firstUnlabelled.isBefore(enabledAt)) {
            unlabelled = Phase.AFTER;
        } else if (enabledAt.equals(splitAt)) {
            unlabelled = null;
            bySide = true;
        } else {
            return false;
        }
        for (Map.Entry<Bucket, CpsStats> e : buckets.entrySet()) {
            Bucket b = e.getKey();
            Phase phase = b.labelPhase() != Phase.UNKNOWN ? b.labelPhase() : bySide ? b.side() : unlabelled;
            acc.add(b.source(), b.labelPhase(), phase, e.getValue());
        }
        return true;
    }

    byte[] encode() {
        int capacity = 1 + 3 * 8 + 4;
        for (Map.Entry<Bucket, CpsStats> e : buckets.entrySet()) {
            capacity += 4 + e.getKey().source().length() * 3 + e.getValue().maxEncodedBytes();
        }
        ByteBuffer out = ByteBuffer.allocate(capacity);
        out.put(VERSION).putLong(millis(splitAt)).putLong(millis(firstUnlabelled)).putLong(millis(lastUnlabelled))
                .putInt(buckets.size());
        for (Map.Entry<Bucket, CpsStats> e : buckets.entrySet()) {
            byte[] source = e.getKey().source().getBytes(StandardCharsets.UTF_8);
            out.putShort((short) source.length).put(source).put((byte) e.getKey().labelPhase().ordinal())
                    .put((byte) e.getKey().side().ordinal());
            e.getValue().write(out);
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /**
     * The digest {@link #encode} wrote; null when the bytes are not one (an older or newer format,
     * damage): such a day is summed up again from its samples.
     */
    static DayDigest decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                return null;
            }
            DayDigest d = new DayDigest(instant(in.getLong()));
            d.firstUnlabelled = instant(in.getLong());
            d.lastUnlabelled = instant(in.getLong());
            int n = in.getInt();
            for (int i = 0; i < n; i++) {
                byte[] source = new byte[in.getShort()];
                in.get(source);
                Phase labelPhase = Phase.values()[in.get()];
                Phase side = Phase.values()[in.get()];
                d.buckets.put(new Bucket(new String(source, StandardCharsets.UTF_8), labelPhase, side), CpsStats.read(in));
            }
            return d;
        } catch (DataFormatException | RuntimeException e) {
            return null; // a damaged row is recomputed from the samples, not trusted
        }
    }

    private static long millis(Instant t) {
        return t == null ? NONE : t.toEpochMilli();
    }

    private static Instant instant(long millis) {
        return millis == NONE ? null : Instant.ofEpochMilli(millis);
    }
}
