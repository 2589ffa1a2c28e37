package io.accelconn.telemetry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.accelconn.audit.AuditKeys;

/**
 * Keys of the telemetry table. Table keys may not hold {@code / \ # ?} or control characters,
 * so resource ids are hashed; everything else in a key is validated to {@code [a-z0-9._-]} first.
 * <ul>
 * <li>Samples: PartitionKey {@code <resource hash>_<yyyyMMdd>} (one partition per resource and
 * UTC day: writes spread over partitions, a report reads one per day), RowKey
 * {@code <yyyyMMdd'T'HH>_<source>_<kind letter>}: one entity per UTC hour, source and kind holds
 * that hour's samples ({@link SampleEntities}), sorted by time; a sample's identity (resource,
 * time to the millisecond, source, kind) names one entity and one place in it, however often it
 * is sent.</li>
 * <li>{@value #SUMMARY_ROW}: each sample partition's marker and summary row, after every sample in key order.</li>
 * <li>Index (in the watermark table): PartitionKey {@code index_<yyyyMMdd>}, RowKey the resource
 * hash: which resources have samples on a day, for fleet reports and retention.</li>
 * </ul>
 */
final class SampleKeys {

    static final String SUMMARY_ROW = "~summary";
    static final String INDEX_PREFIX = "index_";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH").withZone(ZoneOffset.UTC);

    private SampleKeys() {
    }

    /** 32 hex of SHA-256 over the lower-cased id: ARM ids are case-insensitive. */
    static String resourceKey(String resourceId) {
        return AuditKeys.sha256(resourceId.toLowerCase(Locale.ROOT)).substring(0, 32);
    }

    static String day(Instant t) {
        return DAY.format(t);
    }

    static String day(LocalDate date) {
        return DAY.format(date.atStartOfDay(ZoneOffset.UTC));
    }

    static String partitionKey(String resourceKey, String day) {
        return resourceKey + "_" + day;
    }

    static String partitionKey(CpsSample s) {
        return partitionKey(resourceKey(s.resource().toString()), day(s.timestamp()));
    }

    static String indexPartition(String day) {
        return INDEX_PREFIX + day;
    }

    /**
     * The RowKey prefix of the samples of {@code t}'s UTC hour. Bounds of a time window within a
     * partition: the hours from {@code hourPrefix(from)} up to, not including, {@code hourPrefix(to)}
     * hold every sample in [from, to) when {@code to} starts an hour; else up to the next hour.
     */
    static String hourPrefix(Instant t) {
        return HOUR.format(t);
    }

    /** The RowKey of the entity that holds {@code s}: its hour, source and kind. */
    static String rowKey(CpsSample s) {
        return hourPrefix(s.timestamp()) + "_" + s.source() + "_" + s.kind().keyLetter();
    }
}
