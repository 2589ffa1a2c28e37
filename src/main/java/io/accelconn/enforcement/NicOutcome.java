package io.accelconn.enforcement;

/**
 * What became of one NIC: a decision (recorded, or a {@code DUPLICATE} of one), or a transient
 * failure that left the (source, NIC) unrecorded for a later delivery to finish.
 *
 * @param decision     the decision; null when {@link #retry()}
 * @param retryCode    why it must be delivered again ({@link RetryCode}); null when decided
 * @param retryMessage a short, escaped sentence; never a raw ARM answer
 */
public record NicOutcome(String nicId, NicDecision decision, RetryCode retryCode, String retryMessage) {

    static NicOutcome decided(NicDecision decision) {
        return new NicOutcome(decision.nicId(), decision, null, null);
    }

    static NicOutcome retry(String nicId, RetryCode code, String message) {
        return new NicOutcome(nicId, null, code, message);
    }

    public boolean retry() {
        return retryCode != null;
    }
}
