package io.accelconn.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges a NIC as ARM reports it: eligible or not, enabled with the right tier and tags or
 * not, and what may be written given its VM's power state. The event path and the sweep both
 * decide with it, so a NIC is compliant in one exactly when it is in the other. Pure.
 * <p>
 * Compliant means the mode, the required tags and the tier that the current size, override
 * and cap give: a resize or a changed override is drift. accelconn never takes the feature
 * away: a NIC that is enabled but no longer eligible is reported, not rolled back.
 */
public final class CompliancePolicy {

    private final EligibilityPolicy eligibility;
    private final PolicySettings settings;

    public CompliancePolicy(EligibilityPolicy eligibility) {
        this.eligibility = eligibility;
        this.settings = eligibility.settings();
    }

    /**
     * @param candidate the NIC and its VM as ARM reports them; {@code vmSize} null when unknown;
     *                  {@code attachedToRunningVm} is ignored: {@code power} says more
     * @param current   the NIC's auxiliary mode, SKU and tags now
     * @param power     its VM's power state, {@link PowerState#NO_VM} when it has none
     */
    public Assessment assess(Candidate candidate, NicSettings current, PowerState power) {
        Candidate c = new Candidate(candidate.region(), candidate.vmSize(), candidate.acceleratedNetworking(),
                candidate.subscriptionId(), candidate.nicTags(), candidate.vmTags(), current.auxiliaryMode(), false);
        if (c.vmSize() == null || c.vmSize().isBlank()) {
            // The rules that need no size still speak: a NIC they refuse is ineligible now, not deferred.
            List<Reason> reasons = eligibility.reasonsWithoutSize(c);
            if (!reasons.isEmpty()) {
                return refused(reasons);
            }
            return new Assessment(ComplianceClass.UNDETERMINED, Remedy.WAIT, List.of(new Reason(ReasonCode.NO_VM_SIZE,
                    "no VM size is known: the NIC has no VM and no size tag")), null, null, null, List.of());
        }
        Verdict verdict = eligibility.evaluate(c);
        if (!verdict.eligible()) {
            return refused(verdict.reasons());
        }
        NicSettings desired = current.desired(verdict.tier(), settings.requiredTags());
        Drift drift = Drift.between(current, desired);
        if (drift.isEmpty()) {
            return new Assessment(ComplianceClass.COMPLIANT, Remedy.NONE, List.of(), verdict.tier(), desired, drift,
                    verdict.warnings());
        }
        boolean enabled = AuxiliaryMode.isAcceleratedConnections(current.auxiliaryMode());
        boolean tierChanges = drift.changes().stream().anyMatch(ch -> ch.field().equals("auxiliarySku"));
        if (enabled && !tierChanges) {
            // Tags are resource metadata: ARM takes them whatever the VM is doing.
            return new Assessment(ComplianceClass.DRIFT_TAGS, Remedy.WRITE, List.of(), verdict.tier(), desired, drift,
                    verdict.warnings());
        }
        ComplianceClass cls = enabled ? ComplianceClass.DRIFT_TIER
                : power == PowerState.NO_VM || power == PowerState.DEALLOCATED ? ComplianceClass.NOT_ENABLED_REMEDIABLE
                        : ComplianceClass.NEEDS_REDEPLOY;
        List<Reason> reasons = new ArrayList<>(1);
        Remedy remedy = switch (power) {
            case NO_VM, DEALLOCATED -> Remedy.WRITE;
            case RUNNING -> {
                reasons.add(enabled
                        ? new Reason(ReasonCode.TIER_CHANGE_NEEDS_DEALLOCATION, "the tier changes from "
                                + current.auxiliarySku() + " to " + verdict.tier()
                                + "; the VM must be stop-deallocated first")
                        : new Reason(ReasonCode.NIC_ATTACHED_TO_RUNNING_VM,
                                "the NIC is attached to a running VM; the VM must be stop-deallocated before the change"));
                yield Remedy.WRITE_WHEN_DEALLOCATED;
            }
            case STOPPED -> {
                reasons.add(new Reason(ReasonCode.VM_STOPPED_NOT_DEALLOCATED,
                        "the VM was stopped by its owner but not deallocated; accelconn does not change its power state"));
                yield Remedy.WAIT;
            }
            case TRANSITIONING, UNKNOWN -> {
                reasons.add(new Reason(ReasonCode.VM_POWER_STATE_UNSETTLED,
                        "the VM is between power states (or reports none); decide again once it settles"));
                yield Remedy.WAIT;
            }
        };
        return new Assessment(cls, remedy, reasons, verdict.tier(), desired, drift, verdict.warnings());
    }

    /** Opted out wins over a conflict, a conflict over other reasons: what the owner said comes first. */
    private static Assessment refused(List<Reason> reasons) {
        ComplianceClass cls = has(reasons, ReasonCode.OPTED_OUT) ? ComplianceClass.EXEMPT
                : has(reasons, ReasonCode.AUXILIARY_MODE_CONFLICT) ? ComplianceClass.CONFLICT
                        : ComplianceClass.INELIGIBLE;
        return new Assessment(cls, Remedy.NONE, reasons, null, null, null, List.of());
    }

    private static boolean has(List<Reason> reasons, ReasonCode code) {
        return reasons.stream().anyMatch(r -> r.code() == code);
    }
}
