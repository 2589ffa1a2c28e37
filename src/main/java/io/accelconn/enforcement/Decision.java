package io.accelconn.enforcement;

/**
 * What accelconn decided for one (event or sweep run, NIC). The names are part of the public API:
 * the per-NIC answers, the audit table and the metrics carry them as they are.
 */
public enum Decision {
    /** Written: mode, tier and required tags, confirmed {@code Succeeded}. */
    APPLIED,
    /** Audit mode: what {@code enforce} would have written; nothing was. */
    WOULD_APPLY,
    /** Already compliant: mode, the tier its size, override and cap give, and the required tags. */
    UNCHANGED,
    /** The rules say no; every reason is listed. */
    INELIGIBLE,
    /** Eligible, but not now: no VM size yet, a running VM without restart consent, a stopped or settling VM. */
    DEFERRED,
    /** The VM was stop-deallocated (journaled), the NIC written, and the VM is running again. */
    RESTARTED_AND_APPLIED,
    /** The subscription is not enrolled: recorded without an ARM call. */
    OUT_OF_SCOPE,
    /** ARM no longer knows the NIC. */
    NOT_FOUND,
    /** This (event, NIC) was already decided: a repeated or concurrent delivery. Never recorded twice. */
    DUPLICATE,
    /**
     * ARM refused a read or write for good (a 400, 403, a failed operation), a VM could not be
     * started again, or transient failures went on past the bound. Recorded with ARM's error code;
     * the delivery is answered 200 so Event Grid stops.
     */
    FAILED
}
