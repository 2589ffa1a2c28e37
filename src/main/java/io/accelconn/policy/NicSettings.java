package io.accelconn.policy;

import java.util.Map;

/**
 * The part of a NIC accelconn manages: {@code auxiliaryMode}, {@code auxiliarySku} and tags.
 * Null mode or sku means ARM returned none.
 */
public record NicSettings(String auxiliaryMode, String auxiliarySku, Map<String, String> tags) {

    public NicSettings {
        tags = tags == null ? Map.of() : tags;
    }

    /** What the NIC should look like once Accelerated Connections is applied with {@code tier}. */
    public NicSettings desired(Tier tier, Map<String, String> requiredTags) {
        return new NicSettings(AuxiliaryMode.ACCELERATED_CONNECTIONS, tier.name(), Tags.merge(tags, requiredTags));
    }
}
