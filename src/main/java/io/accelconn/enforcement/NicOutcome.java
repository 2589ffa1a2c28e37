package io.accelconn.enforcement;

/**
 * What became of one NIC: a decision (recorded, or a {@code DUPLICATE} of one), or a transient
 * failure that left the (source, NIC) unrecorded for a later delivery to finish.
 *
 * @param decision     the decision; null when {@link #retry()}
 * @param recorded     the decision the audit table holds for the (source, NIC): the decision itself, or
 *                     for a {@code DUPLICATE} the one recorded earlier (the sweep reports that one);
 *                     null when {@link #retry()}, or when the earlier record names no known decision
 * @param retryCode    why it must be delivered again ({@link RetryCode}); null when decided
 * @param retryMessage a short, escaped sentence; never a raw ARM answer
 */
public record NicOutcome(String nicId, NicDecision decision, Decision recorded, RetryCode retryCode,
        String retryMessage) {

    static NicOutcome decided(NicDecision decision, Decision recorded) {
        return new NicOutcome(decision.nicId(), decision, recorded, null, null);
    }

    static NicOutcome retry(String nicId, RetryCode code, String message) {
        return new NicOutcome(nicId, null, null, code, message);
    }

    public boolean retry() {
        return retryCode != null;
    }
}
