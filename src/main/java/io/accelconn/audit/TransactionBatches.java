package io.accelconn.audit;

import com.azure.data.tables.models.TableEntity;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits entities into Table transactions: one PartitionKey each, at most
 * {@value #MAX_ENTITIES} entities and under 4 MiB of payload (the service's limits).
 */
public final class TransactionBatches {

    public static final int MAX_ENTITIES = 100;
    /** 4 MiB less room for the multipart envelope the SDK wraps around each operation. */
    static final long MAX_BYTES = 4L * 1024 * 1024 - 256 * 1024;
    /** Per operation: boundary, changeset headers, request line with the entity's address. */
    private static final int ENVELOPE_BYTES = 1_024;
    /** A double's or a long's longest text ({@code -2.2250738585072014E-308}, 24 characters), quoted. */
    static final int LONGEST_NUMBER = 26;
    /** A time's longest ISO-8601 text ({@code +999999999-12-31T23:59:59.999999999-18:00}, 41 characters), quoted. */
    static final int LONGEST_TIME = 43;

    private TransactionBatches() {
    }

    /**
     * A transaction may not touch one entity twice, so a repeated (PartitionKey, RowKey) keeps
     * only its last entity: with upserts, that is what running them in order would leave.
     */
    public static List<List<TableEntity>> plan(List<TableEntity> entities) {
        return plan(entities, MAX_ENTITIES);
    }

    /**
     * The same with at most {@code maxEntities} per transaction, leaving room for entities the
     * caller adds to each (a partition's marker row).
     */
    public static List<List<TableEntity>> plan(List<TableEntity> entities, int maxEntities) {
        if (maxEntities < 1 || maxEntities > MAX_ENTITIES) {
            throw new IllegalArgumentException("a transaction holds 1 to " + MAX_ENTITIES + " entities, not " + maxEntities);
        }
        Map<String, Map<String, TableEntity>> byPartition = new LinkedHashMap<>();
        for (TableEntity e : entities) {
            Map<String, TableEntity> partition = byPartition.computeIfAbsent(e.getPartitionKey(), pk -> new LinkedHashMap<>());
            partition.remove(e.getRowKey()); // the last one wins, at its own position
            partition.put(e.getRowKey(), e);
        }
        List<List<TableEntity>> batches = new ArrayList<>();
        for (Map<String, TableEntity> partition : byPartition.values()) {
            List<TableEntity> batch = new ArrayList<>();
            long bytes = 0;
            for (TableEntity e : partition.values()) {
                long size = estimatedBytes(e);
                if (!batch.isEmpty() && (batch.size() == maxEntities || bytes + size > MAX_BYTES)) {
                    batches.add(batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.add(e);
                bytes += size;
            }
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
        }
        return batches;
    }

    /** An upper bound of the entity's JSON on the wire: UTF-8, escapes counted at their longest. */
    static long estimatedBytes(TableEntity e) {
        long bytes = ENVELOPE_BYTES + 2L * (utf8Json(e.getPartitionKey()) + utf8Json(e.getRowKey()));
        for (Map.Entry<String, Object> p : e.getProperties().entrySet()) {
            // name, value, and an "@odata.type" annotation for typed values
            bytes += 2L * utf8Json(p.getKey()) + 48 + valueBytes(p.getValue());
        }
        return bytes;
    }

    /**
     * An upper bound of a property value's JSON. Numbers, booleans and times by their longest text
     * (this runs for every entity of every transaction: no {@code toString} of each), binary as the
     * Base64 the service receives.
     */
    private static long valueBytes(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof Double || value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            return LONGEST_NUMBER; // quoted, as Int64 values are
        }
        if (value instanceof OffsetDateTime) {
            return LONGEST_TIME;
        }
        if (value instanceof byte[] b) {
            return 2 + 4L * ((b.length + 2) / 3);
        }
        return utf8Json(value.toString());
    }

    private static long utf8Json(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                n += 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else {
                n += 3; // a surrogate pair counts 6 for its 4 bytes: on the safe side
            }
        }
        return n;
    }
}
