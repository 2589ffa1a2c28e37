package io.accelconn.telemetry;

import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

import io.accelconn.azure.ResourceId;

/**
 * The samples of one resource, UTC hour, source and kind, by their time in milliseconds: what one
 * entity of the telemetry table holds ({@link SampleEntities}). A sample's identity within it is
 * its millisecond.
 *
 * @param etag the stored entity's version; null for an hour not stored (yet)
 */
record SampleHour(String partitionKey, String rowKey, ResourceId resource, String source, SampleKind kind,
        NavigableMap<Long, CpsSample> samples, String etag) {

    SampleHour {
        samples = Collections.unmodifiableNavigableMap(new TreeMap<>(samples));
    }

    /** No sample yet: the hour {@code rowKey} of {@code first}. */
    static SampleHour empty(String partitionKey, String rowKey, CpsSample first) {
        return new SampleHour(partitionKey, rowKey, first.resource(), first.source(), first.kind(), new TreeMap<>(), null);
    }

    boolean isStored() {
        return etag != null;
    }

    Instant start() {
        return SampleEntities.hourOf(samples.isEmpty() ? Instant.EPOCH : Instant.ofEpochMilli(samples.firstKey()));
    }

    /**
     * This hour with {@code incoming} written into it: what is new, what it replaces, and the
     * hour as it would then be stored (on this one's ETag).
     */
    Merge merge(NavigableMap<Long, CpsSample> incoming) {
        TreeMap<Long, CpsSample> merged = new TreeMap<>(samples);
        TreeMap<Long, CpsSample> added = new TreeMap<>();
        boolean replaces = false;
        for (var in : incoming.entrySet()) {
            CpsSample stored = samples.get(in.getKey());
            if (stored == null) {
                added.put(in.getKey(), in.getValue());
            } else if (!sameValues(stored, in.getValue())) {
                replaces = true;
            } else {
                continue;
            }
            merged.put(in.getKey(), in.getValue());
        }
        return new Merge(new SampleHour(partitionKey, rowKey, resource, source, kind, merged, etag), added, replaces);
    }

    /**
     * What writing samples into an hour changes.
     *
     * @param hour     the hour with them
     * @param added    samples it did not hold
     * @param replaces some sample it held had other values: the day's summary is no longer known exactly
     */
    record Merge(SampleHour hour, NavigableMap<Long, CpsSample> added, boolean replaces) {
        boolean changes() {
            return replaces || !added.isEmpty();
        }
    }

    /** Alike but for the resource's spelling: ARM ids are case-insensitive, and the key is the same. */
    static boolean sameValues(CpsSample a, CpsSample b) {
        return a.timestamp().equals(b.timestamp()) && a.kind() == b.kind() && a.source().equals(b.source())
                && Double.compare(a.cps(), b.cps()) == 0 && Objects.equals(a.activeConnections(), b.activeConnections())
                && Objects.equals(a.failedConnections(), b.failedConnections()) && a.synRtt().equals(b.synRtt())
                && Objects.equals(a.retransmitPercent(), b.retransmitPercent())
                && Objects.equals(a.retransmitsPerConnection(), b.retransmitsPerConnection()) && a.labels().equals(b.labels());
    }
}
