package io.accelconn.policy;

import java.util.List;
import java.util.Map;

/**
 * The answer for one NIC: every failed rule, and when none failed, the tier and tags to apply.
 *
 * @param reasons  all failed rules, in a stable order; empty when eligible
 * @param tier     the tier to apply, null when ineligible
 * @param tags     the NIC's tags after the required ones are merged in, null when ineligible
 * @param warnings what the caller should know about how the tier was chosen
 */
public record Verdict(List<Reason> reasons, Tier tier, Map<String, String> tags, List<Warning> warnings) {

    public boolean eligible() {
        return reasons.isEmpty();
    }

    public boolean has(ReasonCode code) {
        for (Reason r : reasons) {
            if (r.code() == code) {
                return true;
            }
        }
        return false;
    }
}
