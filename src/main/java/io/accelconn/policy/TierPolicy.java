package io.accelconn.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which tier a NIC gets. Azure hands the size-to-tier mapping to customers after sign-up, so
 * it is configuration: a NIC gets the highest tier whose vCPU threshold its VM size reaches,
 * a per-NIC tag may override that, and a cap bounds both.
 *
 * @param minVCpusA1  active vCPUs from which a size gets A1
 * @param minVCpusA2  ... A2
 * @param minVCpusA4  ... A4
 * @param minVCpusA8  ... A8
 * @param maxTier     no NIC gets more than this
 * @param overrideTag NIC tag naming a tier ({@code A1}..{@code A8}) that wins over the thresholds
 */
public record TierPolicy(int minVCpusA1, int minVCpusA2, int minVCpusA4, int minVCpusA8,
        Tier maxTier, String overrideTag) {

    public static final TierPolicy DEFAULT = new TierPolicy(4, 8, 16, 32, Tier.A8, "accelconn-tier");

    public TierPolicy {
        Objects.requireNonNull(maxTier, "maxTier");
        Objects.requireNonNull(overrideTag, "overrideTag");
        if (!(minVCpusA1 <= minVCpusA2 && minVCpusA2 <= minVCpusA4 && minVCpusA4 <= minVCpusA8)) {
            throw new IllegalArgumentException("tier thresholds must rise from A1 to A8: "
                    + minVCpusA1 + ", " + minVCpusA2 + ", " + minVCpusA4 + ", " + minVCpusA8);
        }
    }

    /** The chosen tier with what the caller should be told about how it was chosen. */
    public record Choice(Tier tier, List<Warning> warnings) {
    }

    public Choice choose(int activeVCpus, Map<String, String> nicTags) {
        List<Warning> warnings = List.of();
        Tier tier = byVCpus(activeVCpus);
        String override = Tags.get(nicTags, overrideTag);
        if (override != null) {
            var parsed = Tier.parse(override);
            if (parsed.isPresent()) {
                tier = parsed.get();
            } else {
                warnings = new ArrayList<>(2);
                warnings.add(new Warning("TIER_OVERRIDE_INVALID", "tag " + overrideTag + "='" + override
                        + "' is not one of A1, A2, A4, A8; using " + tier + " from the vCPU thresholds"));
            }
        }
        if (tier.compareTo(maxTier) > 0) {
            warnings = warnings.isEmpty() ? new ArrayList<>(1) : warnings;
            warnings.add(new Warning("TIER_CAPPED", tier + " capped to the configured maximum " + maxTier));
            tier = maxTier;
        }
        return new Choice(tier, warnings);
    }

    private Tier byVCpus(int vCpus) {
        if (vCpus >= minVCpusA8) {
            return Tier.A8;
        }
        if (vCpus >= minVCpusA4) {
            return Tier.A4;
        }
        if (vCpus >= minVCpusA2) {
            return Tier.A2;
        }
        return Tier.A1;
    }
}
