package io.accelconn.emulator;

import java.util.List;

/**
 * What {@link ArmEmulator#seedFleet(FleetSpec)} created.
 *
 * @param subscriptionIds subscription GUIDs, in generation order
 * @param resourceGroups  resource group names (the same in every subscription)
 * @param nics            NICs created
 * @param vms             VMs created (one per attached NIC)
 * @param acceleratedNics NICs created with auxiliaryMode AcceleratedConnections
 * @param elapsedMillis   time the generation took
 */
public record FleetSummary(List<String> subscriptionIds, List<String> resourceGroups, int nics, int vms,
                           int acceleratedNics, long elapsedMillis) {
    public FleetSummary {
        subscriptionIds = List.copyOf(subscriptionIds);
        resourceGroups = List.copyOf(resourceGroups);
    }
}
