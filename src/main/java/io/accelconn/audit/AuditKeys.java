package io.accelconn.audit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PartitionKey and RowKey of the audit table, deterministic from (subscription, event, NIC), so
 * every delivery of one event for one NIC meets on the same entity.
 * <p>
 * Keys may not hold {@code / \ # ?} or control characters, and are at most 1 KiB: ids from the
 * wire are never used raw unless they are plainly safe. The NIC id is always hashed (ARM ids are
 * full of {@code /}); an event id is kept when it is short and made only of
 * {@code [A-Za-z0-9._-]} (GUIDs, as Event Grid sends them) and hashed otherwise, prefixed with
 * {@code ~}, which no kept id contains, so the two forms never collide. Hashes are SHA-256 over
 * the id's UTF-16 code units (big-endian).
 */
public final class AuditKeys {

    static final int MAX_PLAIN_EVENT_ID = 128;
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PLAIN_EVENT_ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_PLAIN_EVENT_ID + "}");
    private static final HexFormat HEX = HexFormat.of();

    private AuditKeys() {
    }

    static AuditKey of(String subscriptionId, String eventId, String nicId) {
        return new AuditKey(partitionKey(subscriptionId), rowKey(eventId, nicId));
    }

    /** The subscription id, lower-cased: one partition per subscription. */
    static String partitionKey(String subscriptionId) {
        if (subscriptionId == null || !GUID.matcher(subscriptionId).matches()) {
            throw new InvalidAuditInputException("INVALID_SUBSCRIPTION_ID",
                    "subscriptionId must be a GUID, was " + quoted(subscriptionId));
        }
        return subscriptionId.toLowerCase(Locale.ROOT);
    }

    /** {@code <event id or ~hash>_<first 32 hex of SHA-256(lower-cased NIC id)>}. */
    static String rowKey(String eventId, String nicId) {
        if (eventId == null || eventId.isBlank()) {
            throw new InvalidAuditInputException("MISSING_EVENT_ID", "eventId is required");
        }
        String event = PLAIN_EVENT_ID.matcher(eventId).matches() ? eventId : "~" + sha256Hex(eventId).substring(0, 40);
        return event + "_" + nicHash(nicId);
    }

    /** 32 hex of SHA-256 over the lower-cased NIC id: a Table key for a NIC, whatever its id holds. */
    public static String nicHash(String nicId) {
        return sha256Hex(nicKey(nicId)).substring(0, 32);
    }

    /**
     * RowKey of a VM's restart journal entry: {@code vm_} + the first 40 hex of SHA-256 over the
     * lower-cased VM id (ARM ids are case-insensitive and full of {@code /}).
     */
    static String vmRowKey(String vmId) {
        if (vmId == null || vmId.isBlank()) {
            throw new InvalidAuditInputException("MISSING_VM_ID", "vmId is required");
        }
        return "vm_" + sha256Hex(vmId.strip().toLowerCase(Locale.ROOT)).substring(0, 40);
    }

    /** The NIC id as stored and queried: ARM resource ids are case-insensitive. */
    static String nicKey(String nicId) {
        if (nicId == null || nicId.isBlank()) {
            throw new InvalidAuditInputException("MISSING_NIC_ID", "nicId is required");
        }
        return nicId.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Over the UTF-16 code units, not UTF-8: an encoder turns a lone surrogate into {@code ?},
     * which would give a lone surrogate and {@code ?} one key.
     */
    private static String sha256Hex(String text) {
        ByteBuffer units = ByteBuffer.allocate(text.length() * 2);
        units.asCharBuffer().put(text);
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(units.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String quoted(String s) {
        if (s == null) {
            return "null";
        }
        return "'" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "'";
    }
}
