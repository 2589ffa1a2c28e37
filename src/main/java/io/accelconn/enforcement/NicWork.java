package io.accelconn.enforcement;

import java.util.List;
import java.util.UUID;

import io.accelconn.audit.Claim;
import io.accelconn.azure.ArmFailure;
import io.accelconn.azure.NicGateway;
import io.accelconn.policy.Assessment;
import io.accelconn.policy.NicSettings;
import io.accelconn.policy.Reason;

/**
 * One NIC's way through one run of the write path: its claim, what was read and judged, what
 * it cost, and how it ended (a decision to record, a duplicate, or a transient failure).
 */
final class NicWork {

    final String nicId;
    final String subscriptionId;
    final long started = System.nanoTime();
    /** Sent to ARM with every call made for this NIC's decision ({@code LogContext.ARM_CORRELATION_ID}). */
    final String armCorrelationId = UUID.randomUUID().toString();
    Claim claim;
    NicGateway.Snapshot snapshot;
    /** The NIC as the record's {@code before} shows it: the first read, or an earlier attempt's intent. */
    NicSettings before;
    NicSettings after;
    Assessment assessment;
    int armReads;
    int armWrites;
    /** Set once a write (or a landed intent) makes the NIC's decision APPLIED or RESTARTED_AND_APPLIED. */
    Decision written;

    NicDecision decision;
    /** For a DUPLICATE: the decision the earlier record holds. */
    Decision recordedEarlier;
    RetryCode retry;
    String retryMessage;
    ArmFailure retryFailure;

    NicWork(String nicId, String subscriptionId) {
        this.nicId = nicId;
        this.subscriptionId = subscriptionId;
    }

    boolean done() {
        return decision != null || retry != null;
    }

    void decide(Decision d, List<String> reasons, String armErrorCode, String tier) {
        decision = new NicDecision(snapshot == null ? nicId : snapshot.nic().id(), d, reasons, armErrorCode, tier, armReads,
                armWrites);
    }

    void decide(Decision d, List<String> reasons) {
        decide(d, reasons, null, tier());
    }

    void fail(String reason, ArmFailure failure) {
        decide(Decision.FAILED, List.of(reason), failure.armErrorCode(), tier());
    }

    void retry(RetryCode code, String message, ArmFailure failure) {
        retry = code;
        retryMessage = message;
        retryFailure = failure;
    }

    String tier() {
        return assessment == null || assessment.tier() == null ? null : assessment.tier().name();
    }

    List<String> reasons() {
        return assessment == null ? List.of() : assessment.reasons().stream().map(Reason::code).map(Enum::name).toList();
    }

    NicOutcome outcome() {
        if (retry != null) {
            return NicOutcome.retry(nicId, retry, retryMessage);
        }
        return NicOutcome.decided(decision, decision.decision() == Decision.DUPLICATE ? recordedEarlier : decision.decision());
    }
}
