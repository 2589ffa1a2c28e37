package io.accelconn.audit;

import java.time.Instant;

/**
 * Which audit records to list, newest first. Every filter is optional; the time window is
 * half-open, {@code from <= decidedAt < to}, on decidedAt as stored (to the millisecond).
 *
 * @param subscriptionId only this subscription (a GUID); the cheapest filter, as it is the PartitionKey
 * @param nicId          only this NIC (ARM resource id, any case)
 * @param from           decided at or after
 * @param to             decided before
 * @param limit          at most this many records, 1 to {@value #MAX_LIMIT}
 * @throws InvalidAuditInputException on a malformed subscription id, a limit out of range or {@code from} after {@code to}
 */
public record AuditQuery(String subscriptionId, String nicId, Instant from, Instant to, int limit) {

    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidAuditInputException("INVALID_LIMIT", "limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidAuditInputException("INVALID_TIME_WINDOW", "from (" + from + ") is after to (" + to + ")");
        }
        if (subscriptionId != null) {
            AuditKeys.partitionKey(subscriptionId);
        }
        if (nicId != null && nicId.isBlank()) {
            throw new InvalidAuditInputException("INVALID_NIC_ID", "nicId is blank");
        }
    }
}
