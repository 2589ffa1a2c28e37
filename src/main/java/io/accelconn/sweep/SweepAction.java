package io.accelconn.sweep;

import io.accelconn.enforcement.Decision;

/** What the sweep did about one NIC. The names are part of the public API (report rows). */
public enum SweepAction {
    /** Nothing to do: compliant, or not accelconn's to change (ineligible, exempt, conflict, no size). */
    NONE,
    /** Remediable, but its class was not among the run's {@code classes}. */
    NOT_REQUESTED,
    /** Remediable; the run is in {@code audit} mode. */
    WOULD_REMEDIATE,
    /** Needs its VM deallocated (or settled) first, and no restart is allowed. */
    DEFERRED,
    /** Chosen for a write that has not been recorded yet (the item was cut off; a resume finishes it). */
    PENDING,
    APPLIED,
    RESTARTED_AND_APPLIED,
    /** Re-read before writing and found already right. */
    UNCHANGED,
    /** Re-read before writing and found ineligible now. */
    INELIGIBLE,
    /** The NIC is gone. */
    NOT_FOUND,
    /** ARM refused the write for good; the reasons carry its error code. */
    FAILED;

    boolean remediated() {
        return this == APPLIED || this == RESTARTED_AND_APPLIED;
    }

    /** The write path's decision as an action; one the sweep cannot meet is FAILED, loudly, rather than hidden. */
    static SweepAction ofDecision(Decision decision) {
        if (decision == null) {
            return FAILED;
        }
        return switch (decision) {
            case APPLIED -> APPLIED;
            case RESTARTED_AND_APPLIED -> RESTARTED_AND_APPLIED;
            case UNCHANGED -> UNCHANGED;
            case INELIGIBLE -> INELIGIBLE;
            case NOT_FOUND -> NOT_FOUND;
            case DEFERRED -> DEFERRED;
            case WOULD_APPLY -> WOULD_REMEDIATE;
            case OUT_OF_SCOPE -> NONE; // enrolment ended during the run: no longer accelconn's to change
            case DUPLICATE, FAILED -> FAILED;
        };
    }
}
