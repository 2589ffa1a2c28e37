package io.accelconn.eligibility;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.accelconn.policy.PolicySettings;
import io.accelconn.policy.Tier;
import io.accelconn.policy.TierPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The rules' configuration, {@code accelconn.policy.*}. Defaults are in README's table. */
@ConfigMapping(prefix = "accelconn.policy")
public interface PolicyConfig {

    /** Admit only size families up to v4, the first ones the feature supported. */
    @WithDefault("false")
    boolean strictGenerations();

    /** Smallest VM the feature supports, in active vCPUs. */
    @WithDefault("4")
    int minVcpus();

    /** Subscriptions signed up for Accelerated Connections; unset means no check. */
    Optional<Set<String>> enrolledSubscriptions();

    /** A NIC or VM with this tag set to "true" is left alone. */
    @WithDefault("accelconn-opt-out")
    String optOutTag();

    /** Tags the feature requires on the NIC, as name=value. */
    @WithDefault("fastpathenabled=true")
    List<String> requiredTags();

    Tiers tier();

    interface Tiers {
        /** Active vCPUs from which a VM size gets A1. */
        @WithDefault("4")
        int a1MinVcpus();

        /** ... A2. */
        @WithDefault("8")
        int a2MinVcpus();

        /** ... A4. */
        @WithDefault("16")
        int a4MinVcpus();

        /** ... A8. */
        @WithDefault("32")
        int a8MinVcpus();

        /** Highest tier accelconn applies, whatever the size or override tag says. */
        @WithDefault("A8")
        Tier max();

        /** NIC tag naming a tier (A1, A2, A4, A8) that wins over the vCPU thresholds. */
        @WithDefault("accelconn-tier")
        String overrideTag();
    }

    default PolicySettings toSettings() {
        Map<String, String> required = new LinkedHashMap<>();
        for (String pair : requiredTags()) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("accelconn.policy.required-tags: '" + pair + "' is not name=value");
            }
            required.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        Tiers t = tier();
        return new PolicySettings(strictGenerations(), minVcpus(), enrolledSubscriptions().orElse(Set.of()),
                optOutTag(), required,
                new TierPolicy(t.a1MinVcpus(), t.a2MinVcpus(), t.a4MinVcpus(), t.a8MinVcpus(), t.max(), t.overrideTag()));
    }
}
