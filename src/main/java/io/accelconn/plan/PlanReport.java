package io.accelconn.plan;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code POST /plan} answers.
 *
 * @param kind         {@code template} or {@code terraform}
 * @param template     the template with every eligible NIC set; absent for Terraform and in check mode
 * @param nics         every NIC, in template (or plan) order
 * @param notInspected nested and linked templates, scale sets, existing NICs
 */
@RegisterForReflection
public record PlanReport(String kind, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode template,
        List<PlannedNic> nics, List<NotInspected> notInspected, Summary summary) {

    /**
     * Counts by verdict. {@code passes}: no NIC needs changes, which is what {@code ?mode=check}
     * answers 200 for (422 otherwise).
     */
    @RegisterForReflection
    public record Summary(int nics, int compliant, int needsChanges, int ineligible, int exempt, int conflict,
            int undetermined, int notInspected, boolean passes) {

        static Summary of(List<PlannedNic> nics, int notInspected) {
            return new Summary(nics.size(), count(nics, PlanVerdict.COMPLIANT), count(nics, PlanVerdict.NEEDS_CHANGES),
                    count(nics, PlanVerdict.INELIGIBLE), count(nics, PlanVerdict.EXEMPT), count(nics, PlanVerdict.CONFLICT),
                    count(nics, PlanVerdict.UNDETERMINED), notInspected, count(nics, PlanVerdict.NEEDS_CHANGES) == 0);
        }

        private static int count(List<PlannedNic> nics, PlanVerdict verdict) {
            return (int) nics.stream().filter(n -> n.verdict() == verdict).count();
        }
    }
}
