package io.accelconn.eligibility;

import java.util.List;
import java.util.Map;

import io.accelconn.policy.Reason;
import io.accelconn.policy.Verdict;
import io.accelconn.policy.Warning;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code POST /eligibility} answers for one candidate. */
// With targets, Quarkus registers only the targets: the answer itself must be named too.
@RegisterForReflection(targets = { EligibilityAnswer.class, Reason.class, Warning.class })
public record EligibilityAnswer(boolean eligible, List<Reason> reasons, String tier, Map<String, String> tags,
        List<Warning> warnings) {

    public static EligibilityAnswer of(Verdict v) {
        return new EligibilityAnswer(v.eligible(), v.reasons(), v.tier() == null ? null : v.tier().name(), v.tags(),
                v.warnings());
    }
}
