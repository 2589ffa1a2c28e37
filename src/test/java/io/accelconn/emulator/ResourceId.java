package io.accelconn.emulator;

import java.util.List;
import java.util.Locale;

/**
 * A resource-group-scoped ARM id. Keywords ({@code subscriptions}, {@code resourceGroups},
 * {@code providers}, namespace, type) are rewritten to canonical case; the subscription, group
 * and name keep the case they were created with, as ARM does.
 */
record ResourceId(String subscription, String resourceGroup, String provider, String type, String name) {

    static final String NETWORK = "Microsoft.Network";
    static final String NICS = "networkInterfaces";
    static final String COMPUTE = "Microsoft.Compute";
    static final String VMS = "virtualMachines";

    static ResourceId nic(String subscription, String resourceGroup, String name) {
        return new ResourceId(subscription, resourceGroup, NETWORK, NICS, name);
    }

    static ResourceId vm(String subscription, String resourceGroup, String name) {
        return new ResourceId(subscription, resourceGroup, COMPUTE, VMS, name);
    }

    /** Parses {@code /subscriptions/s/resourceGroups/rg/providers/Ns/type/name}; null when it is not one. */
    static ResourceId tryParse(String id) {
        if (id == null) return null;
        List<String> segs = java.util.Arrays.stream(id.split("/")).filter(s -> !s.isEmpty()).toList();
        if (segs.size() != 8) return null;
        if (!segs.get(0).equalsIgnoreCase("subscriptions") || !segs.get(2).equalsIgnoreCase("resourceGroups")
                || !segs.get(4).equalsIgnoreCase("providers")) {
            return null;
        }
        String provider = segs.get(5);
        String type = segs.get(6);
        if (provider.equalsIgnoreCase(NETWORK) && type.equalsIgnoreCase(NICS)) {
            return nic(segs.get(1), segs.get(3), segs.get(7));
        }
        if (provider.equalsIgnoreCase(COMPUTE) && type.equalsIgnoreCase(VMS)) {
            return vm(segs.get(1), segs.get(3), segs.get(7));
        }
        return new ResourceId(segs.get(1), segs.get(3), provider, type, segs.get(7));
    }

    static ResourceId parse(String id, String expectedType) {
        ResourceId r = tryParse(id);
        if (r == null || !r.type.equalsIgnoreCase(expectedType)) {
            throw new IllegalArgumentException("not a " + expectedType + " id: " + id);
        }
        return r;
    }

    String canonical() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/" + provider + "/"
                + type + "/" + name;
    }

    /** Store key: ARM ids compare case-insensitively. Sorting keys keeps a subscription and a group contiguous. */
    String key() {
        return canonical().toLowerCase(Locale.ROOT);
    }

    static String key(String id) {
        ResourceId r = tryParse(id);
        return r != null ? r.key() : id.toLowerCase(Locale.ROOT);
    }

    static String subscriptionPrefix(String subscription) {
        return ("/subscriptions/" + subscription + "/").toLowerCase(Locale.ROOT);
    }

    static String resourceGroupPrefix(String subscription, String resourceGroup) {
        return ("/subscriptions/" + subscription + "/resourcegroups/" + resourceGroup + "/").toLowerCase(Locale.ROOT);
    }
}
