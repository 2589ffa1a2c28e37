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
    private static final long FAST_FROM = LocalDate.of(1000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    private static final long FAST_TO = LocalDate.of(10000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

    private SampleKeys() {
    }

    /** 32 hex of SHA-256 over the lower-cased id: ARM ids are case-insensitive. */
    static String resourceKey(String resourceId) {
        return AuditKeys.sha256(resourceId.toLowerCase(Locale.ROOT)).substring(0, 32);
    }

    static String day(Instant t) {
        long millis = t.toEpochMilli();
        return inFastRange(millis) ? digits(millis, false) : DAY.format(t);
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
        long millis = t.toEpochMilli();
        return inFastRange(millis) ? digits(millis, true) : TIME.format(t);
    }

    /** Years 1000 to 9999, where {@code yyyy} is four plain digits: the formatters' text, written directly. */
    private static boolean inFastRange(long millis) {
        return millis >= FAST_FROM && millis < FAST_TO;
    }

    /**
     * {@code yyyyMMdd}, or {@code yyyyMMdd'T'HHmmssSSS} with {@code time}, of a UTC instant: the same
     * text as {@link #DAY} and {@link #TIME}, without a formatter's work for every sample.
     */
    private static String digits(long millis, boolean time) {
        long days = Math.floorDiv(millis, 86_400_000L);
        int ms = (int) Math.floorMod(millis, 86_400_000L);
        LocalDate date = LocalDate.ofEpochDay(days);
        char[] out = new char[time ? 18 : 8];
        put(out, 0, date.getYear(), 4);
        put(out, 4, date.getMonthValue(), 2);
        put(out, 6, date.getDayOfMonth(), 2);
        if (time) {
            out[8] = 'T';
            put(out, 9, ms / 3_600_000, 2);
            put(out, 11, ms / 60_000 % 60, 2);
            put(out, 13, ms / 1_000 % 60, 2);
            put(out, 15, ms % 1_000, 3);
        }
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
