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
 * {@code <yyyyMMdd'T'HHmmssSSS>_<source>_<kind letter>_<identity hash>}: sorted by time, and the
 * same for the same sample however often it is sent.</li>
 * <li>{@value #SUMMARY_ROW}: each sample partition's marker and summary row, after every sample in key order.</li>
 * <li>Index (in the watermark table): PartitionKey {@code index_<yyyyMMdd>}, RowKey the resource
 * hash: which resources have samples on a day, for fleet reports and retention.</li>
 * </ul>
 */
final class SampleKeys {

    static final String SUMMARY_ROW = "~summary";
    static final String INDEX_PREFIX = "index_";
    /** Upper bound of sample RowKeys in a partition: every one starts with a digit, the summary row with {@code ~}. */
    static final String SAMPLES_END = "~";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

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

    /** The RowKey prefix of samples at {@code t}: a bound for time-window queries within a partition. */
    static String timePrefix(Instant t) {
        return TIME.format(t);
    }

    static String rowKey(CpsSample s) {
        return rowKey(s, resourceKey(s.resource().toString()));
    }

    /** The identity hashed is (resource key, time to the millisecond, source, kind): 128 bits of the resource suffice. */
    static String rowKey(CpsSample s, String resourceKey) {
        long millis = s.timestamp().toEpochMilli();
        String identity = resourceKey + "|" + millis + "|" + s.source() + "|" + s.kind().wireName();
        return timePrefix(Instant.ofEpochMilli(millis)) + "_" + s.source() + "_" + s.kind().keyLetter() + "_"
                + AuditKeys.sha256(identity).substring(0, 16);
    }
}
