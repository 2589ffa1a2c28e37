package io.accelconn.policy;

/** What may be done about a NIC now, given its VM's power state. */
public enum Remedy {
    /** Nothing to write: compliant, or not accelconn's to change. */
    NONE,
    /** The change can be written now. */
    WRITE,
    /** The change needs the VM stop-deallocated first: only with its owner's consent (restart opt-in). */
    WRITE_WHEN_DEALLOCATED,
    /** Decide again later: no size yet, or the VM is stopped or between power states. */
    WAIT
}
