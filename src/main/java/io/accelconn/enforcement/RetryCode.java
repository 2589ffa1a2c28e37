package io.accelconn.enforcement;

/** Why a (source, NIC) was left for a later delivery: the {@code code} of a 503 answer. */
public enum RetryCode {
    /** ARM throttled, was busy, answered 5xx or not at all, or Table Storage was unavailable. */
    TRANSIENT_FAILURE,
    /** Another delivery of the same source holds this NIC's claim and has not finished. */
    IN_PROGRESS,
    /** Another delivery is restarting this NIC's VM; its cycle covers the VM's NICs. */
    VM_RESTART_IN_PROGRESS
}
