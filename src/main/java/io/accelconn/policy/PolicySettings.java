package io.accelconn.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the rules can be told, as plain values (the Quarkus configuration maps onto this).
 *
 * @param strictGenerations      admit only size versions up to v4, the families first supported
 * @param minVCpus               smallest VM the feature supports, in active vCPUs
 * @param enrolledSubscriptions  subscriptions signed up for the feature; empty = no check
 * @param optOutTag              tag on a NIC or VM that keeps accelconn away when it is "true"
 * @param requiredTags           tags the feature requires on the NIC at deployment
 * @param tierPolicy             vCPU thresholds, override tag and cap
 */
public record PolicySettings(boolean strictGenerations, int minVCpus, Set<String> enrolledSubscriptions,
        String optOutTag, Map<String, String> requiredTags, TierPolicy tierPolicy) {

    public static final PolicySettings DEFAULT = new PolicySettings(false, 4, Set.of(), "accelconn-opt-out",
            Map.of("fastpathenabled", "true"), TierPolicy.DEFAULT);

    public PolicySettings {
        Objects.requireNonNull(optOutTag, "optOutTag");
        Objects.requireNonNull(tierPolicy, "tierPolicy");
        enrolledSubscriptions = enrolledSubscriptions.stream()
                .map(s -> s.trim().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        requiredTags = Map.copyOf(requiredTags);
    }

    public boolean isEnrolled(String subscriptionId) {
        return enrolledSubscriptions.isEmpty()
                || (subscriptionId != null
                        && enrolledSubscriptions.contains(subscriptionId.trim().toLowerCase(java.util.Locale.ROOT)));
    }
}
