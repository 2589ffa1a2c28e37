package io.accelconn.audit;

import java.time.Instant;
import java.util.List;

/**
 * What accelconn decided about one NIC for one event (or sweep), and what it cost.
 *
 * @param subscriptionId the NIC's subscription (a GUID): the audit table's PartitionKey; stored lower-cased
 * @param nicId          the NIC's ARM resource id; stored lower-cased, as ARM ids are case-insensitive
 * @param eventId        the Event Grid / CloudEvents id, or a sweep's run id: with the NIC, the record's identity
 * @param correlationId  ties the record to logs and to ARM's correlation id
 * @param source         {@code eventgrid}, {@code cloudevents}, {@code functions}, {@code sweep} or {@code http}
 * @param eventType      e.g. {@code Microsoft.Resources.ResourceWriteSuccess}
 * @param operationName  e.g. {@code Microsoft.Network/networkInterfaces/write}
 * @param decision       {@code APPLIED}, {@code WOULD_APPLY}, {@code UNCHANGED}, {@code INELIGIBLE}, {@code OUT_OF_SCOPE},
 *                       {@code DEFERRED}, {@code RESTARTED_AND_APPLIED}, {@code NOT_FOUND} or {@code FAILED}
 *                       (the names of {@code io.accelconn.enforcement.Decision})
 * @param reasons        reason codes behind the decision
 * @param armErrorCode   ARM's {@code error.code} of the failure behind a {@code FAILED} decision, as ARM spells it
 *                       (e.g. {@code LinkedAuthorizationFailed}); null otherwise
 * @param tier           {@code A1}, {@code A2}, {@code A4} or {@code A8}, when one was chosen
 * @param before         JSON text of the NIC's auxiliary mode, SKU and tags before
 * @param after          the same after (or as it would be, in audit mode)
 * @param mode           {@code enforce} or {@code audit}
 * @param latencyMillis  event received to decision recorded
 * @param armReads       ARM GETs this decision cost
 * @param armWrites      ARM writes this decision cost
 * @param decidedAt      when the decision was made; stored to the millisecond
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record AuditRecord(String subscriptionId, String nicId, String eventId, String correlationId,
        String source, String eventType, String operationName,
        String decision, List<String> reasons, String armErrorCode, String tier, String before, String after,
        String mode, long latencyMillis, int armReads, int armWrites, Instant decidedAt) {

    public AuditRecord {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** A record without an ARM error code (every decision but {@code FAILED}). */
    public AuditRecord(String subscriptionId, String nicId, String eventId, String correlationId,
            String source, String eventType, String operationName,
            String decision, List<String> reasons, String tier, String before, String after,
            String mode, long latencyMillis, int armReads, int armWrites, Instant decidedAt) {
        this(subscriptionId, nicId, eventId, correlationId, source, eventType, operationName, decision, reasons, null, tier,
                before, after, mode, latencyMillis, armReads, armWrites, decidedAt);
    }
}
