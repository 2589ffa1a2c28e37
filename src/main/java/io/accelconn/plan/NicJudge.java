package io.accelconn.plan;

import java.util.ArrayList;
import java.util.List;

import io.accelconn.eligibility.EligibilityService;
import io.accelconn.policy.Assessment;
import io.accelconn.policy.Candidate;
import io.accelconn.policy.Drift;
import io.accelconn.policy.NicSettings;
import io.accelconn.policy.PowerState;
import io.accelconn.policy.Reason;
import io.accelconn.policy.ReasonCode;
import io.accelconn.policy.Tier;

/**
 * Decides one NIC of a template or plan with the same judgement as the event path and the
 * sweep ({@link EligibilityService#assess}): a NIC not yet deployed is a NIC without a running
 * VM, so everything the policy wants may be written. {@code plan} turns Accelerated Networking
 * on where it is off, so the rules see it on and the change is reported instead of a refusal.
 */
final class NicJudge {

    /** The outcome in Azure's words; the caller turns it into template properties or HCL attributes. */
    record Judgement(PlanVerdict verdict, Tier tier, List<PlanReason> reasons, List<PlanReason> warnings,
            List<Drift.Change> drift, boolean enableAcceleratedNetworking) {

        boolean needsChanges() {
            return verdict == PlanVerdict.NEEDS_CHANGES;
        }
    }

    private final EligibilityService eligibility;
    private final String subscriptionId;

    NicJudge(EligibilityService eligibility, String subscriptionId) {
        this.eligibility = eligibility;
        this.subscriptionId = subscriptionId;
    }

    Judgement judge(NicFacts f) {
        List<PlanReason> warnings = new ArrayList<>(f.warnings());
        if (!f.unresolved().isEmpty()) {
            return new Judgement(PlanVerdict.UNDETERMINED, null, f.unresolved(), warnings, List.of(), false);
        }
        Candidate c = new Candidate(f.region(), f.vmSize(), true, subscriptionId, f.tags(), f.vmTags(),
                f.auxiliaryMode(), false);
        Assessment a = eligibility.assess(c, new NicSettings(f.auxiliaryMode(), f.auxiliarySku(), f.tags()),
                PowerState.NO_VM);
        a.warnings().forEach(w -> warnings.add(PlanReason.of(w)));
        List<PlanReason> reasons = new ArrayList<>(a.reasons().size());
        for (Reason r : a.reasons()) {
            reasons.add(r.code() == ReasonCode.NO_VM_SIZE && f.noVm() != null
                    ? new PlanReason(ReasonCode.NO_VM_SIZE.name(), f.noVm())
                    : PlanReason.of(r));
        }
        boolean enableAn = !f.acceleratedNetworking();
        return switch (a.compliance()) {
            case COMPLIANT -> new Judgement(enableAn ? PlanVerdict.NEEDS_CHANGES : PlanVerdict.COMPLIANT, a.tier(),
                    reasons, warnings, List.of(), enableAn);
            case DRIFT_TAGS, DRIFT_TIER, NOT_ENABLED_REMEDIABLE, NEEDS_REDEPLOY -> new Judgement(
                    PlanVerdict.NEEDS_CHANGES, a.tier(), List.of(), warnings, a.drift().changes(), enableAn);
            case INELIGIBLE -> refused(PlanVerdict.INELIGIBLE, reasons, warnings);
            case EXEMPT -> refused(PlanVerdict.EXEMPT, reasons, warnings);
            case CONFLICT -> refused(PlanVerdict.CONFLICT, reasons, warnings);
            case UNDETERMINED -> refused(PlanVerdict.UNDETERMINED, reasons, warnings);
        };
    }

    private static Judgement refused(PlanVerdict verdict, List<PlanReason> reasons, List<PlanReason> warnings) {
        return new Judgement(verdict, null, reasons, warnings, List.of(), false);
    }
}
