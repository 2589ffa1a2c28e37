package io.accelconn.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A strictly parsed ARM resource id:
 * {@code /subscriptions/{guid}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/{childType}/{childName}]...}.
 * <p>
 * Ids reach us from Event Grid events and HTTP callers and are then pasted into ARM URLs, so
 * anything that could change the URL's meaning is refused: {@code ..}, percent-escapes, query
 * or fragment characters, control characters, empty segments, names outside ARM's character
 * rules and lengths. Keywords, namespace and type compare case-insensitively, as ARM does.
 *
 * @param subscriptionId    a GUID
 * @param resourceGroup     1-90 characters
 * @param providerNamespace e.g. {@code Microsoft.Network}
 * @param types             the type segments, e.g. {@code [networkInterfaces]} or {@code [virtualMachines, extensions]}
 * @param names             one name per type segment
 */
public record ResourceId(String subscriptionId, String resourceGroup, String providerNamespace,
        List<String> types, List<String> names) {

    /** Longest id accepted; real ids stay far below (NIC names are at most 80 characters). */
    public static final int MAX_LENGTH = 1024;

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)+");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,79}");
    /** ARM resource group rule: letters (any script), digits, underscore, hyphen, period, parentheses. */
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[\\p{L}\\p{N}_.()-]{1,90}");
    /** Microsoft.Network/networkInterfaces: 1-80, starts alphanumeric, ends alphanumeric or underscore. */
    private static final Pattern NIC_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?");
    /** Microsoft.Compute/virtualMachines: 1-64 (Linux; Windows is shorter), no trailing period or hyphen. */
    private static final Pattern VM_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?");
    /** Any other resource type: the common subset of ARM's naming rules. */
    private static final Pattern GENERIC_NAME = Pattern.compile("[\\p{L}\\p{N}_.()-]{1,260}");

    public ResourceId {
        types = List.copyOf(types);
        names = List.copyOf(names);
    }

    /** Parses {@code id} or throws {@link InvalidResourceIdException} with {@code INVALID_RESOURCE_ID}. */
    public static ResourceId parse(String id) {
        if (id == null || id.isEmpty()) {
            throw invalid("resource id is empty", id);
        }
        if (id.length() > MAX_LENGTH) {
            throw invalid("resource id is longer than " + MAX_LENGTH + " characters", id);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw invalid("resource id contains a control or whitespace character", id);
            }
            if (c == '?' || c == '#' || c == '%' || c == '\\') {
                throw invalid("resource id contains '" + c + "' (query, fragment, escape or backslash)", id);
            }
        }
        if (id.contains("..")) {
            throw invalid("resource id contains '..'", id);
        }
        if (id.charAt(0) != '/') {
            throw invalid("resource id must start with '/'", id);
        }
        String[] s = id.substring(1).split("/", -1);
        for (String segment : s) {
            if (segment.isEmpty()) {
                throw invalid("resource id has an empty segment", id);
            }
        }
        if (s.length < 8) {
            throw invalid("resource id is missing parts: expected /subscriptions/{id}/resourceGroups/{rg}"
                    + "/providers/{namespace}/{type}/{name}", id);
        }
        expectKeyword(s[0], "subscriptions", id);
        if (!GUID.matcher(s[1]).matches()) {
            throw invalid("subscription is not a GUID", id);
        }
        expectKeyword(s[2], "resourceGroups", id);
        if (!RESOURCE_GROUP.matcher(s[3]).matches() || s[3].endsWith(".")) {
            throw invalid("resource group name breaks ARM's naming rules", id);
        }
        expectKeyword(s[4], "providers", id);
        if (!NAMESPACE.matcher(s[5]).matches()) {
            throw invalid("provider namespace is malformed", id);
        }
        if ((s.length - 6) % 2 != 0) {
            throw invalid("resource id has a type without a name", id);
        }
        List<String> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 6; i < s.length; i += 2) {
            if (s[i].equalsIgnoreCase("providers")) {
                throw invalid("extension resources (nested /providers/) are not supported", id);
            }
            if (!TYPE.matcher(s[i]).matches()) {
                throw invalid("resource type is malformed", id);
            }
            types.add(s[i]);
            names.add(s[i + 1]);
        }
        ResourceId parsed = new ResourceId(s[1], s[3], s[5], types, names);
        Pattern nameRule = parsed.isNic() ? NIC_NAME : parsed.isVm() ? VM_NAME : GENERIC_NAME;
        for (String name : names) {
            if (!nameRule.matcher(name).matches()) {
                throw invalid("resource name breaks ARM's naming rules for " + parsed.type(), id);
            }
        }
        return parsed;
    }

    /** Parses and requires a NIC ({@code Microsoft.Network/networkInterfaces}). */
    public static ResourceId parseNic(String id) {
        ResourceId parsed = parse(id);
        if (!parsed.isNic()) {
            throw invalid("not a NIC (Microsoft.Network/networkInterfaces) but " + parsed.type(), id);
        }
        return parsed;
    }

    /** Parses and requires a VM ({@code Microsoft.Compute/virtualMachines}). */
    public static ResourceId parseVm(String id) {
        ResourceId parsed = parse(id);
        if (!parsed.isVm()) {
            throw invalid("not a VM (Microsoft.Compute/virtualMachines) but " + parsed.type(), id);
        }
        return parsed;
    }

    /** Returns {@code subscriptionId} if it is a GUID, or throws with {@code INVALID_SUBSCRIPTION_ID}. */
    public static String requireSubscriptionId(String subscriptionId) {
        if (subscriptionId == null || !GUID.matcher(subscriptionId).matches()) {
            throw new InvalidResourceIdException(InvalidResourceIdException.INVALID_SUBSCRIPTION_ID,
                    "subscription id is not a GUID", subscriptionId);
        }
        return subscriptionId;
    }

    /** Returns {@code resourceGroup} if it follows ARM's resource group naming rules, or throws {@code INVALID_RESOURCE_ID}. */
    public static String requireResourceGroup(String resourceGroup) {
        if (resourceGroup == null || !RESOURCE_GROUP.matcher(resourceGroup).matches() || resourceGroup.endsWith(".")
                || resourceGroup.contains("..")) {
            throw invalid("resource group name breaks ARM's naming rules", resourceGroup);
        }
        return resourceGroup;
    }

    /** The leaf resource's name. */
    public String name() {
        return names.get(names.size() - 1);
    }

    /** {@code Namespace/type[/childType]}, e.g. {@code Microsoft.Network/networkInterfaces}. */
    public String type() {
        return providerNamespace + "/" + String.join("/", types);
    }

    public boolean isNic() {
        return is("Microsoft.Network", "networkInterfaces");
    }

    public boolean isVm() {
        return is("Microsoft.Compute", "virtualMachines");
    }

    private boolean is(String namespace, String type) {
        return types.size() == 1 && providerNamespace.equalsIgnoreCase(namespace) && types.get(0).equalsIgnoreCase(type);
    }

    /** Same resource, compared the way ARM compares ids: ignoring case. */
    public boolean sameAs(ResourceId other) {
        return other != null && toString().equalsIgnoreCase(other.toString());
    }

    /** The id in ARM's form, with the casing it was parsed with. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("/subscriptions/").append(subscriptionId)
                .append("/resourceGroups/").append(resourceGroup)
                .append("/providers/").append(providerNamespace);
        for (int i = 0; i < types.size(); i++) {
            sb.append('/').append(types.get(i)).append('/').append(names.get(i));
        }
        return sb.toString();
    }

    private static void expectKeyword(String actual, String keyword, String id) {
        if (!actual.equalsIgnoreCase(keyword)) {
            throw invalid("expected '" + keyword + "' segment", id);
        }
    }

    private static InvalidResourceIdException invalid(String detail, String id) {
        return new InvalidResourceIdException(InvalidResourceIdException.INVALID_RESOURCE_ID, detail, id);
    }

    /** Lower-cased id, for map keys and comparisons. */
    public String key() {
        return toString().toLowerCase(Locale.ROOT);
    }
}
