package io.accelconn.plan;

/** What {@code plan} says about one NIC of a template or Terraform plan. The names are part of the public API. */
public enum PlanVerdict {
    /** Already set for Accelerated Connections as the policy wants it: mode, tier, tags, Accelerated Networking. */
    COMPLIANT,
    /** Eligible; {@code changes} says what to set (in a template, the answer's template has it set). */
    NEEDS_CHANGES,
    /** The rules say no; the reasons say why. */
    INELIGIBLE,
    /** Opted out by tag on the NIC or its VM. */
    EXEMPT,
    /** Another feature ({@code MaxConnections}, {@code Floating}) has the NIC's auxiliary mode: reported, not overwritten. */
    CONFLICT,
    /** Something the decision needs is known only at deployment (or the NIC has no VM): reported, never guessed. */
    UNDETERMINED
}
