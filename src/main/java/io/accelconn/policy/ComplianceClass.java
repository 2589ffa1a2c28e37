package io.accelconn.policy;

/** Where a NIC stands against the policy. The names are part of the public API (sweep reports). */
public enum ComplianceClass {
    /** Mode, tier (from size, override and cap) and required tags are all as they should be. */
    COMPLIANT,
    /** Enabled with the right tier, but a required tag is missing or wrong. */
    DRIFT_TAGS,
    /** Enabled, but not with the tier its size, override and cap give (a resize, a new override). */
    DRIFT_TIER,
    /** Eligible, not enabled, and its VM is deallocated or it has none: can be enabled now. */
    NOT_ENABLED_REMEDIABLE,
    /** Eligible, not enabled, and its VM holds its hardware (running, or stopped by its owner). */
    NEEDS_REDEPLOY,
    /** The rules say no; the reasons say why. */
    INELIGIBLE,
    /** Opted out by tag on the NIC or its VM. */
    EXEMPT,
    /** Another feature ({@code MaxConnections}, {@code Floating}) owns {@code auxiliaryMode}. */
    CONFLICT,
    /** No VM size is known yet (a NIC deployed before its VM, without the size tag). */
    UNDETERMINED
}
