package io.accelconn.policy;

import java.util.Map;

/**
 * What the rules look at for one NIC. Built from an HTTP request, or from the NIC and VM that
 * ARM returns.
 *
 * @param region                region of the NIC, any spelling
 * @param vmSize                size of the VM the NIC belongs (or will belong) to
 * @param acceleratedNetworking the NIC's {@code enableAcceleratedNetworking}
 * @param subscriptionId        the NIC's subscription, null when unknown
 * @param nicTags               the NIC's tags (override and opt-out tags are read here)
 * @param vmTags                the VM's tags (opt-out may be set on the VM too), may be empty
 * @param auxiliaryMode         the NIC's current {@code auxiliaryMode}, null when unset
 * @param attachedToRunningVm   the NIC is attached to a VM that is not stop-deallocated
 */
public record Candidate(String region, String vmSize, boolean acceleratedNetworking, String subscriptionId,
        Map<String, String> nicTags, Map<String, String> vmTags, String auxiliaryMode,
        boolean attachedToRunningVm) {

    public Candidate {
        nicTags = nicTags == null ? Map.of() : nicTags;
        vmTags = vmTags == null ? Map.of() : vmTags;
    }
}
