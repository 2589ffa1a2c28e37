package io.accelconn.telemetry;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.azure.data.tables.models.TableEntity;

/** Samples as Table entities, and back as the few fields a report reads. */
final class SampleEntities {

    static final String RESOURCE_ID = "resourceId";
    static final String TIMESTAMP = "timestamp";
    static final String SOURCE = "source";
    static final String KIND = "kind";
    static final String CPS = "cps";
    static final String ACTIVE = "activeConnections";
    static final String FAILED = "failedConnections";
    static final String LABELS = "labels";
    static final String SYN_RTT_P50 = "synRttP50Us";
    static final String SYN_RTT_P99 = "synRttP99Us";

    /** What a report reads of each sample: less on the wire than the whole entity. */
    static final List<String> REPORT_COLUMNS = List.of(TIMESTAMP, SOURCE, KIND, CPS, ACTIVE, LABELS, SYN_RTT_P50,
            SYN_RTT_P99);

    private SampleEntities() {
    }

    static TableEntity toEntity(CpsSample s) {
        return toEntity(s, SampleKeys.resourceKey(s.resource().toString()));
    }

    /** @param resourceKey {@link SampleKeys#resourceKey} of the sample's resource, computed once per resource */
    static TableEntity toEntity(CpsSample s, String resourceKey) {
        TableEntity e = new TableEntity(SampleKeys.partitionKey(resourceKey, SampleKeys.day(s.timestamp())),
                SampleKeys.rowKey(s, resourceKey))
                .addProperty(RESOURCE_ID, s.resource().toString())
                .addProperty(TIMESTAMP, OffsetDateTime.ofInstant(Instant.ofEpochMilli(s.timestamp().toEpochMilli()), ZoneOffset.UTC))
                .addProperty(SOURCE, s.source())
                .addProperty(KIND, s.kind().wireName())
                .addProperty(CPS, s.cps());
        put(e, ACTIVE, s.activeConnections());
        put(e, FAILED, s.failedConnections());
        SynRtt r = s.synRtt();
        put(e, "synRttP25Us", r.p25());
        put(e, SYN_RTT_P50, r.p50());
        put(e, "synRttMeanUs", r.mean());
        put(e, "synRttP75Us", r.p75());
        put(e, "synRttP90Us", r.p90());
        put(e, "synRttP95Us", r.p95());
        put(e, SYN_RTT_P99, r.p99());
        put(e, "synRttP999Us", r.p999());
        put(e, "synRttP9999Us", r.p9999());
        put(e, "retransmitPercent", s.retransmitPercent());
        put(e, "retransmitsPerConnection", s.retransmitsPerConnection());
        if (!s.labels().isEmpty()) {
            // Labels are validated to [a-z0-9._-]: a comma never occurs in one.
            e.addProperty(LABELS, String.join(",", s.labels()));
        }
        return e;
    }

    /** A stored sample as a report sees it. */
    static StoredSample toStored(TableEntity e) {
        Object labels = e.getProperty(LABELS);
        List<String> labelList = labels == null || labels.toString().isEmpty() ? List.of()
                : Arrays.asList(labels.toString().split(","));
        return new StoredSample(instant(e.getProperty(TIMESTAMP)), text(e.getProperty(SOURCE)),
                SampleKind.parse(text(e.getProperty(KIND))), number(e.getProperty(CPS)),
                number(e.getProperty(ACTIVE)), number(e.getProperty(SYN_RTT_P50)), number(e.getProperty(SYN_RTT_P99)),
                Phase.ofLabels(labelList));
    }

    /**
     * Whether {@code stored} (as read back) holds the same sample as {@code fresh} (as written):
     * every property alike, and no other. The service adds its own (keys, Timestamp, ETag).
     */
    static boolean sameSample(TableEntity stored, TableEntity fresh) {
        long storedOwn = stored.getProperties().keySet().stream().filter(k -> !isServiceProperty(k)).count();
        long freshOwn = fresh.getProperties().keySet().stream().filter(k -> !isServiceProperty(k)).count();
        if (storedOwn != freshOwn) {
            return false;
        }
        for (Map.Entry<String, Object> p : fresh.getProperties().entrySet()) {
            if (isServiceProperty(p.getKey())) {
                continue;
            }
            Object other = stored.getProperty(p.getKey());
            boolean same = p.getValue() instanceof Number a && other instanceof Number b
                    ? Double.compare(a.doubleValue(), b.doubleValue()) == 0
                    : p.getValue() instanceof OffsetDateTime a && other instanceof OffsetDateTime b ? a.isEqual(b)
                    : Objects.equals(p.getValue(), other);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static boolean isServiceProperty(String name) {
        return name.startsWith("odata.") || name.equals("PartitionKey") || name.equals("RowKey") || name.equals("Timestamp");
    }

    private static void put(TableEntity e, String name, Object value) {
        if (value != null) {
            e.addProperty(name, value);
        }
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s && !s.isEmpty()) {
            return Double.valueOf(s);
        }
        return null;
    }

    private static Instant instant(Object v) {
        if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return v == null ? null : OffsetDateTime.parse(v.toString()).toInstant();
    }
}
