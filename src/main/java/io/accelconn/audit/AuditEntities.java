package io.accelconn.audit;

import com.azure.data.tables.models.TableEntity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Audit records as Table entities. One entity per (event, NIC) goes through these states:
 * {@code CLAIMED} (a worker owns it since {@code claimedAt}), {@code RELEASED} (a worker gave it
 * up after a transient failure: the next delivery takes it at once) and {@code DONE} (the
 * record's fields as properties). A claimed or released entity may carry the intent of a write
 * ({@code intent*}) and the count of transient failures so far; both survive redeliveries and
 * are dropped when the record is written. Property names are the record's component names.
 */
final class AuditEntities {

    static final String STATE = "state";
    static final String CLAIMED = "CLAIMED";
    static final String DONE = "DONE";
    static final String RELEASED = "RELEASED";
    static final String TRANSIENT_FAILURES = "transientFailures";
    static final String LAST_ERROR = "lastError";
    static final String INTENT_BEFORE = "intentBefore";
    static final String INTENT_TARGET = "intentTarget";
    static final String INTENT_DECISION = "intentDecision";
    static final String INTENT_WRITES = "intentWrites";
    static final String INTENT_AT = "intentAt";
    static final String CLAIMED_AT = "claimedAt";
    static final String CLAIM_ID = "claimId";
    static final String NIC_ID = "nicId";
    static final String DECIDED_AT = "decidedAt";
    /** The SDK reads a TableEntity's ETag from this property and sends it as If-Match. */
    static final String ODATA_ETAG = "odata.etag";

    private AuditEntities() {
    }

    static TableEntity claimed(AuditKey key, String subscriptionId, String eventId, String nicId, String claimId,
            Instant now) {
        return identity(key, subscriptionId, eventId, nicId)
                .addProperty(STATE, CLAIMED)
                .addProperty(CLAIM_ID, claimId)
                .addProperty(CLAIMED_AT, dateTime(now));
    }

    /** @param claimId the claim that completes it, or null for a record written without one (sweeps) */
    static TableEntity done(AuditKey key, AuditRecord r, String claimId, Instant now) {
        TableEntity e = identity(key, r.subscriptionId(), r.eventId(), r.nicId())
                .addProperty(STATE, DONE)
                .addProperty(DECIDED_AT, dateTime(r.decidedAt() == null ? now : r.decidedAt()))
                .addProperty("latencyMillis", r.latencyMillis())
                .addProperty("armReads", r.armReads())
                .addProperty("armWrites", r.armWrites())
                .addProperty("reasons", TableText.reasonsJson(r.reasons()));
        put(e, CLAIM_ID, claimId, TableText.SHORT);
        put(e, "correlationId", r.correlationId(), TableText.SHORT);
        put(e, "source", r.source(), TableText.SHORT);
        put(e, "eventType", r.eventType(), TableText.SHORT);
        put(e, "operationName", r.operationName(), TableText.SHORT);
        put(e, "decision", r.decision(), TableText.SHORT);
        put(e, "armErrorCode", r.armErrorCode(), TableText.SHORT);
        put(e, "tier", r.tier(), TableText.SHORT);
        put(e, "before", r.before(), TableText.STATE_JSON);
        put(e, "after", r.after(), TableText.STATE_JSON);
        put(e, "mode", r.mode(), TableText.SHORT);
        return e;
    }

    static AuditRecord toRecord(TableEntity e) {
        OffsetDateTime decidedAt = dateTimeOf(e, DECIDED_AT);
        return new AuditRecord(string(e, "subscriptionId"), string(e, NIC_ID), string(e, "eventId"),
                string(e, "correlationId"), string(e, "source"), string(e, "eventType"), string(e, "operationName"),
                string(e, "decision"), TableText.reasons(string(e, "reasons")), string(e, "armErrorCode"), string(e, "tier"),
                string(e, "before"), string(e, "after"), string(e, "mode"),
                number(e, "latencyMillis"), (int) number(e, "armReads"), (int) number(e, "armWrites"),
                decidedAt == null ? null : decidedAt.toInstant());
    }

    static String state(TableEntity e) {
        return string(e, STATE);
    }

    /** The write this (event, NIC) had under way when its claim was given up or lost; null when none. */
    static Intent intent(TableEntity e) {
        String target = string(e, INTENT_TARGET);
        if (target == null) {
            return null;
        }
        OffsetDateTime at = dateTimeOf(e, INTENT_AT);
        return new Intent(string(e, INTENT_BEFORE), target, string(e, INTENT_DECISION), (int) number(e, INTENT_WRITES),
                at == null ? null : at.toInstant());
    }

    /** The properties an intent adds to a claimed entity. */
    static TableEntity withIntent(TableEntity e, Intent intent) {
        put(e, INTENT_BEFORE, intent.before(), TableText.STATE_JSON);
        put(e, INTENT_TARGET, intent.target(), TableText.STATE_JSON);
        put(e, INTENT_DECISION, intent.decision(), TableText.SHORT);
        e.addProperty(INTENT_WRITES, intent.armWrites());
        e.addProperty(INTENT_AT, dateTime(intent.at()));
        return e;
    }

    static int transientFailures(TableEntity e) {
        return (int) number(e, TRANSIENT_FAILURES);
    }

    static String claimId(TableEntity e) {
        return string(e, CLAIM_ID);
    }

    /** When the claim was taken; the service's own Timestamp if the property is missing. */
    static Instant claimedAt(TableEntity e) {
        OffsetDateTime at = dateTimeOf(e, CLAIMED_AT);
        if (at == null) {
            at = e.getTimestamp();
        }
        return at == null ? null : at.toInstant();
    }

    /** Instants to the millisecond, in UTC: what every Table client and Azurite round-trip alike. */
    static OffsetDateTime dateTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }

    private static TableEntity identity(AuditKey key, String subscriptionId, String eventId, String nicId) {
        TableEntity e = new TableEntity(key.partitionKey(), key.rowKey())
                .addProperty("subscriptionId", key.partitionKey())
                .addProperty(NIC_ID, TableText.fit(AuditKeys.nicKey(nicId), TableText.SHORT * 2));
        put(e, "eventId", eventId, TableText.SHORT);
        return e;
    }

    /** Nulls are left out: the service stores no null properties, and reads a missing one as absent anyway. */
    static void put(TableEntity e, String name, String value, int maxChars) {
        if (value != null) {
            e.addProperty(name, TableText.fit(value, maxChars));
        }
    }

    static String string(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v == null ? null : v.toString();
    }

    static long number(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    static OffsetDateTime dateTimeOf(TableEntity e, String name) {
        Object v = e.getProperty(name);
        if (v instanceof OffsetDateTime t) {
            return t;
        }
        return v instanceof String s && !s.isEmpty() ? OffsetDateTime.parse(s) : null;
    }
}
