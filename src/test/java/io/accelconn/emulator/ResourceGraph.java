package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Resource Graph {@code POST /providers/Microsoft.ResourceGraph/resources}. The KQL is not
 * interpreted: the query selects a table by the resource type it names first
 * ({@code microsoft.network/networkinterfaces} or {@code microsoft.compute/virtualmachines}) and
 * every resource of that type in the requested subscriptions comes back, in ARG's row shape
 * (lower-cased {@code type} and {@code resourceGroup}), paged by {@code $top}/{@code $skipToken}.
 * A NIC query that joins the VMs ({@code join kind=leftouter}) is answered with accelconn's
 * inventory projection ({@link #JOINED_COLUMNS}), as ARG answers a projection: those columns only,
 * {@code ""} for an empty string column, null for an unmatched dynamic one, ordered by lower-cased id.
 */
final class ResourceGraph {
    static final String TENANT_ID = "72f988bf-0000-4000-8000-00000000e0e0";
    private static final String NIC_TYPE = "microsoft.network/networkinterfaces";
    private static final String VM_TYPE = "microsoft.compute/virtualmachines";
    private static final int DEFAULT_TOP = 100;
    /** The columns of accelconn's joined NIC inventory query, in its projection's order. */
    static final java.util.List<String> JOINED_COLUMNS = java.util.List.of("id", "nicKey", "name", "location",
            "resourceGroup", "subscriptionId", "tags", "auxiliaryMode", "auxiliarySku", "enableAcceleratedNetworking",
            "provisioningState", "vmId", "vmSize", "vmPowerState", "vmTimeCreated", "vmTags");
    private static final int MAX_TOP = 1000;

    private final NetworkInterfaces nics;
    private final VirtualMachines vms;

    ResourceGraph(NetworkInterfaces nics, VirtualMachines vms) {
        this.nics = nics;
        this.vms = vms;
    }

    ObjectNode query(ObjectNode request) {
        String query = request.path("query").asText("");
        if (query.isBlank()) throw ArmException.badRequest("BadRequest", "The 'query' property is required.");
        JsonNode options = request.path("options");
        String format = options.path("resultFormat").asText("objectArray");
        if (!format.equalsIgnoreCase("objectArray")) {
            throw ArmException.badRequest("BadRequest", "The emulator answers resultFormat 'objectArray' only, got '" + format + "'.");
        }
        int top = options.path("$top").asInt(DEFAULT_TOP);
        if (top < 1 || top > MAX_TOP) {
            throw ArmException.badRequest("BadRequest", "$top must be between 1 and " + MAX_TOP + ", got " + top + ".");
        }
        List<String> prefixes = prefixes(request.path("subscriptions"));
        String lower = query.toLowerCase(Locale.ROOT);
        int nicAt = lower.indexOf(NIC_TYPE);
        int vmAt = lower.indexOf(VM_TYPE);
        if (nicAt < 0 && vmAt < 0) {
            throw ArmException.badRequest("InvalidQuery", "The emulator answers queries over '" + NIC_TYPE + "' or '"
                    + VM_TYPE + "' only.");
        }
        boolean wantNics = nicAt >= 0 && (vmAt < 0 || nicAt < vmAt);
        if (wantNics && vmAt > nicAt && lower.contains("join kind=leftouter")) {
            return page(nics.table(), prefixes, options, top, NicRecord::id, this::joinedRow);
        }
        return wantNics
                ? page(nics.table(), prefixes, options, top, NicRecord::id, ResourceGraph::nicRow)
                : page(vms.table(), prefixes, options, top, VmRecord::id, ResourceGraph::vmRow);
    }

    /** Sorted, disjoint key prefixes (one per subscription) so one "last key" resumes the walk. */
    private static List<String> prefixes(JsonNode subscriptions) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode s : subscriptions) out.add(ResourceId.subscriptionPrefix(s.asText()));
        return out.isEmpty() ? List.of("") : new ArrayList<>(out);
    }

    /** Subscriptions that hold a NIC or a VM, for {@code GET /subscriptions}. */
    java.util.SortedSet<String> subscriptions() {
        TreeSet<String> subs = new TreeSet<>();
        nics.table().scan("").forEach(n -> subs.add(ResourceId.tryParse(n.id()).subscription().toLowerCase(Locale.ROOT)));
        vms.table().scan("").forEach(v -> subs.add(ResourceId.tryParse(v.id()).subscription().toLowerCase(Locale.ROOT)));
        return subs;
    }

    private static <V> ObjectNode page(ResourceTable<V> table, List<String> prefixes, JsonNode options, int top,
                                       Function<V, String> idOf, Function<V, ObjectNode> toRow) {
        String after = options.hasNonNull("$skipToken") ? decodeToken(options.get("$skipToken").asText()) : null;
        long skip = after == null ? options.path("$skip").asLong(0) : 0;
        long total = 0;
        for (String p : prefixes) total += table.count(p);
        List<V> rows = new ArrayList<>();
        boolean more = false;
        for (String p : prefixes) {
            if (more) break;
            if (after != null && !p.isEmpty() && after.compareTo(p + Character.MAX_VALUE) >= 0) continue;
            String from = after != null && after.compareTo(p) >= 0 ? after : null;
            // $skip without a token: walk past rows (only the first page of such a request pays for it).
            while (skip > 0) {
                ResourceTable.Page<V> skipped = table.page(p, from, (int) Math.min(skip, 10_000));
                if (skipped.items().isEmpty()) break;
                skip -= skipped.items().size();
                from = skipped.lastKey();
            }
            if (skip > 0) continue;
            ResourceTable.Page<V> page = table.page(p, from, top - rows.size());
            rows.addAll(page.items());
            more = page.more();
        }
        if (!more && rows.size() == top) {
            more = hasMoreAfter(table, prefixes, ResourceId.key(idOf.apply(rows.get(rows.size() - 1))));
        }
        ObjectNode out = Json.object();
        out.put("totalRecords", total);
        out.put("count", rows.size());
        ArrayNode data = out.putArray("data");
        rows.forEach(r -> data.add(toRow.apply(r)));
        out.putArray("facets");
        out.put("resultTruncated", "false");
        if (more) out.put("$skipToken", encodeToken(ResourceId.key(idOf.apply(rows.get(rows.size() - 1)))));
        return out;
    }

    private static <V> boolean hasMoreAfter(ResourceTable<V> table, List<String> prefixes, String lastKey) {
        for (String p : prefixes) {
            if (!p.isEmpty() && lastKey.compareTo(p + Character.MAX_VALUE) >= 0) continue;
            String from = lastKey.compareTo(p) >= 0 ? lastKey : null;
            if (!table.page(p, from, 1).items().isEmpty()) return true;
        }
        return false;
    }

    static ObjectNode nicRow(NicRecord nic) {
        ObjectNode body = nic.body();
        ObjectNode row = baseRow(nic.id(), body, NIC_TYPE);
        row.set("properties", body.path("properties").deepCopy());
        return row;
    }

    /** A NIC with its VM's size, power state code, creation time and tags, as the joined projection returns it. */
    ObjectNode joinedRow(NicRecord nic) {
        ObjectNode body = nic.body();
        JsonNode props = body.path("properties");
        ResourceId rid = ResourceId.tryParse(nic.id());
        ObjectNode row = Json.object();
        row.put("id", nic.id());
        row.put("nicKey", nic.id().toLowerCase(Locale.ROOT));
        row.put("name", rid.name());
        row.put("location", NicRecord.normalizeLocation(body.path("location").asText("")));
        row.put("resourceGroup", rid.resourceGroup().toLowerCase(Locale.ROOT));
        row.put("subscriptionId", rid.subscription());
        row.set("tags", body.path("tags").isObject() ? body.get("tags").deepCopy() : Json.object());
        row.put("auxiliaryMode", props.path("auxiliaryMode").asText(""));
        row.put("auxiliarySku", props.path("auxiliarySku").asText(""));
        if (props.path("enableAcceleratedNetworking").isBoolean()) {
            row.put("enableAcceleratedNetworking", props.get("enableAcceleratedNetworking").booleanValue());
        } else {
            row.putNull("enableAcceleratedNetworking");
        }
        row.put("provisioningState", props.path("provisioningState").asText(""));
        String vmId = props.path("virtualMachine").path("id").asText("");
        row.put("vmId", vmId);
        VmRecord vm = vmId.isEmpty() ? null : vms.get(vmId);
        if (vm == null) {
            row.put("vmSize", "");
            row.put("vmPowerState", "");
            row.put("vmTimeCreated", "");
            row.putNull("vmTags");
        } else {
            ObjectNode vmBody = vm.body();
            row.put("vmSize", vmBody.path("properties").path("hardwareProfile").path("vmSize").asText(""));
            row.put("vmPowerState", "PowerState/" + vm.powerState());
            row.put("vmTimeCreated", vmBody.path("properties").path("timeCreated").asText(""));
            row.set("vmTags", vmBody.path("tags").isObject() ? vmBody.get("tags").deepCopy() : Json.object());
        }
        return row;
    }

    /** ARG adds the power state under properties.extended.instanceView, as for real VMs. */
    static ObjectNode vmRow(VmRecord vm) {
        ObjectNode body = vm.body();
        ObjectNode row = baseRow(vm.id(), body, VM_TYPE);
        ObjectNode props = body.path("properties") instanceof ObjectNode p ? p.deepCopy() : Json.object();
        ObjectNode power = Json.child(Json.child(Json.child(props, "extended"), "instanceView"), "powerState");
        power.put("code", "PowerState/" + vm.powerState());
        power.put("level", "Info");
        power.put("displayStatus", "VM " + vm.powerState());
        row.set("properties", props);
        return row;
    }

    private static ObjectNode baseRow(String id, ObjectNode body, String type) {
        ResourceId rid = ResourceId.tryParse(id);
        ObjectNode row = Json.object();
        row.put("id", id);
        row.put("name", rid.name());
        row.put("type", type);
        row.put("tenantId", TENANT_ID);
        row.put("kind", body.path("kind").asText(""));
        row.put("location", NicRecord.normalizeLocation(body.path("location").asText("")));
        row.put("resourceGroup", rid.resourceGroup().toLowerCase(Locale.ROOT));
        row.put("subscriptionId", rid.subscription());
        row.put("managedBy", body.path("managedBy").asText(""));
        row.putNull("sku");
        row.putNull("plan");
        row.set("tags", body.path("tags").isObject() ? body.get("tags").deepCopy() : Json.object());
        row.putNull("identity");
        row.putNull("zones");
        row.putNull("extendedLocation");
        return row;
    }

    private static String encodeToken(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ArmException.badRequest("BadRequest", "Invalid $skipToken.");
        }
    }
}
