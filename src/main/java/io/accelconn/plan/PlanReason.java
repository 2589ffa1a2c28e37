package io.accelconn.plan;

import io.accelconn.policy.Reason;
import io.accelconn.policy.Warning;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One reason or warning in a plan report: a stable code for machines and a sentence for people. */
@RegisterForReflection
public record PlanReason(String code, String message) {

    static PlanReason of(PlanReasonCode code, String message) {
        return new PlanReason(code.name(), message);
    }

    static PlanReason of(Reason policyReason) {
        return new PlanReason(policyReason.code().name(), policyReason.message());
    }

    static PlanReason of(Warning policyWarning) {
        return new PlanReason(policyWarning.code(), policyWarning.message());
    }
}
