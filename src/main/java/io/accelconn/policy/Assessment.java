package io.accelconn.policy;

import java.util.List;

/**
 * One NIC judged against the policy: where it stands, what may be done now, and why.
 *
 * @param compliance where the NIC stands
 * @param remedy     what may be written now, given the VM's power state
 * @param reasons    every reason behind a class other than {@code COMPLIANT}, drift aside: ineligibility
 *                   reasons, or why the write must wait ({@code NO_VM_SIZE}, {@code NIC_ATTACHED_TO_RUNNING_VM},
 *                   {@code TIER_CHANGE_NEEDS_DEALLOCATION}, ...)
 * @param tier       the tier the NIC should have; null when that cannot be said (ineligible, no size)
 * @param desired    the NIC's settings once compliant; null when there is nothing to want
 * @param drift      what differs from {@code desired}; empty when compliant or when there is nothing to want
 * @param warnings   how the tier was chosen ({@code TIER_CAPPED}, {@code TIER_OVERRIDE_INVALID})
 */
public record Assessment(ComplianceClass compliance, Remedy remedy, List<Reason> reasons, Tier tier,
        NicSettings desired, Drift drift, List<Warning> warnings) {

    public Assessment {
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
        drift = drift == null ? new Drift(List.of()) : drift;
    }

    public boolean has(ReasonCode code) {
        return reasons.stream().anyMatch(r -> r.code() == code);
    }
}
