package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated fleet: same spec, same NICs, VMs, ids and etags.
 *
 * @param subscriptions                 number of subscriptions (ids are deterministic GUIDs from the seed)
 * @param nicsPerSubscription           NICs generated in each subscription
 * @param resourceGroupsPerSubscription resource groups per subscription; each sits in one location
 * @param locations                     ARM region names handed out to resource groups round-robin
 * @param attachedFraction              share of NICs attached to a generated VM (one VM per attached NIC)
 * @param acceleratedFraction           share of eligible NICs already on auxiliaryMode AcceleratedConnections
 * @param seed                          random seed
 */
public record FleetSpec(int subscriptions, int nicsPerSubscription, int resourceGroupsPerSubscription,
                        List<String> locations, double attachedFraction, double acceleratedFraction, long seed) {

    /** eastus2/westeurope/eastus are Accelerated Connections regions; brazilsouth is not (an ineligible share). */
    public static final List<String> DEFAULT_LOCATIONS = List.of("eastus2", "westeurope", "eastus", "brazilsouth");

    public FleetSpec {
        if (subscriptions < 1) throw new IllegalArgumentException("subscriptions must be >= 1");
        if (nicsPerSubscription < 0) throw new IllegalArgumentException("nicsPerSubscription must be >= 0");
        if (resourceGroupsPerSubscription < 1) throw new IllegalArgumentException("resourceGroupsPerSubscription must be >= 1");
        if (attachedFraction < 0 || attachedFraction > 1) throw new IllegalArgumentException("attachedFraction in [0,1]");
        if (acceleratedFraction < 0 || acceleratedFraction > 1) throw new IllegalArgumentException("acceleratedFraction in [0,1]");
        locations = locations == null || locations.isEmpty() ? DEFAULT_LOCATIONS : List.copyOf(locations);
    }

    /** A fleet with the default shape: 5 resource groups, default locations, 70% attached, 10% accelerated, seed 42. */
    public static FleetSpec of(int subscriptions, int nicsPerSubscription) {
        return new FleetSpec(subscriptions, nicsPerSubscription, 5, DEFAULT_LOCATIONS, 0.7, 0.1, 42);
    }

    /** Admin-surface JSON; missing fields take the defaults of {@link #of(int, int)}. */
    static FleetSpec fromJson(JsonNode n) {
        FleetSpec d = of(n.path("subscriptions").asInt(1), n.path("nicsPerSubscription").asInt(100));
        List<String> locations = new ArrayList<>();
        n.path("locations").forEach(l -> locations.add(l.asText()));
        return new FleetSpec(d.subscriptions(), d.nicsPerSubscription(),
                n.path("resourceGroupsPerSubscription").asInt(d.resourceGroupsPerSubscription()),
                locations.isEmpty() ? d.locations() : locations,
                n.path("attachedFraction").asDouble(d.attachedFraction()),
                n.path("acceleratedFraction").asDouble(d.acceleratedFraction()),
                n.path("seed").asLong(d.seed()));
    }
}
