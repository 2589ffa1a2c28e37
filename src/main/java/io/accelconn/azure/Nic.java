package io.accelconn.azure;

import java.util.Map;

/**
 * A NIC as ARM (or Resource Graph) reported it, trimmed to what the Accelerated Connections
 * rules look at.
 *
 * @param id                    ARM resource id
 * @param location              ARM region name, e.g. {@code eastus2}
 * @param etag                  the ETag a write must carry in If-Match; null when the source
 *                              (Resource Graph) has none: re-read through ARM before writing
 * @param provisioningState     e.g. {@code Succeeded}, {@code Updating}; null when unknown
 * @param auxiliaryMode         {@code None}, {@code AcceleratedConnections}, {@code MaxConnections},
 *                              {@code Floating}; {@code None} when ARM leaves it out
 * @param auxiliarySku          the tier, {@code None} or {@code A1}..{@code A8}; {@code None} when absent
 * @param acceleratedNetworking {@code enableAcceleratedNetworking}
 * @param tags                  never null
 * @param vmId                  the attached VM's id, null when the NIC is detached
 */
public record Nic(String id, String subscriptionId, String resourceGroup, String name, String location,
        String etag, String provisioningState, String auxiliaryMode, String auxiliarySku,
        boolean acceleratedNetworking, Map<String, String> tags, String vmId) {

    public static final String NONE = "None";

    public Nic {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        auxiliaryMode = blankToNone(auxiliaryMode);
        auxiliarySku = blankToNone(auxiliarySku);
    }

    private static String blankToNone(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
