package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The VM store: bodies as given, power state apart, and the VM-to-NIC link mirrored onto each
 * NIC's {@code properties.virtualMachine} (which is how ARM shows attachment on the NIC side).
 */
final class VirtualMachines {
    static final String TYPE = "Microsoft.Compute/virtualMachines";
    /** Power states while a deallocate/start/stop operation runs; provisioning shows "updating" meanwhile. */
    static final Set<String> TRANSITIONS = Set.of("deallocating", "starting", "stopping");

    private final ResourceTable<VmRecord> table = new ResourceTable<>();
    private final NetworkInterfaces nics;
    /** Every power state each VM was in, in order, from the one it was stored with. */
    private final java.util.concurrent.ConcurrentHashMap<String, List<String>> powerStates =
            new java.util.concurrent.ConcurrentHashMap<>();

    VirtualMachines(NetworkInterfaces nics) {
        this.nics = nics;
    }

    ResourceTable<VmRecord> table() {
        return table;
    }

    VmRecord get(String idOrKey) {
        return table.get(ResourceId.key(idOrKey));
    }

    void clear() {
        table.clear();
        powerStates.clear();
    }

    /** The power states the VM went through, oldest first (the state it was stored with included). */
    List<String> powerStates(String vmId) {
        List<String> log = powerStates.get(ResourceId.key(vmId));
        if (log == null) return List.of();
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private void logPowerState(String key, String state) {
        List<String> log = powerStates.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (log) {
            if (log.isEmpty() || !log.get(log.size() - 1).equals(state)) log.add(state);
        }
    }

    /** Changes the VM's size in place (power state and everything else kept), as a resize does. */
    void resize(String vmId, String size) {
        table.compute(ResourceId.key(vmId), (k, current) -> {
            if (current == null) throw new java.util.NoSuchElementException("no VM " + vmId);
            ObjectNode body = current.body();
            Json.child(Json.child(body, "properties"), "hardwareProfile").put("vmSize", size);
            long version = current.version() + 1;
            body.put("etag", "\"" + version + "\"");
            return new VmRecord(current.id(), current.location(), Json.bytes(body), current.powerState(), version,
                    current.nicIds());
        });
    }

    /** Stores {@code armBody} (every field kept) and attaches/detaches NICs to match its networkProfile. */
    VmRecord put(String vmId, JsonNode armBody, String powerState) {
        ResourceId id = ResourceId.parse(vmId, ResourceId.VMS);
        if (!(armBody instanceof ObjectNode)) throw new IllegalArgumentException("VM body must be a JSON object");
        ObjectNode body = ((ObjectNode) armBody).deepCopy();
        body.put("id", id.canonical());
        body.put("name", id.name());
        if (!body.hasNonNull("type")) body.put("type", TYPE);
        ObjectNode props = Json.child(body, "properties");
        if (!props.has("provisioningState")) props.put("provisioningState", "Succeeded");
        if (!props.has("vmId")) props.put("vmId", UUID.randomUUID().toString());
        if (!props.has("timeCreated")) props.put("timeCreated", Instant.now().toString());
        props.remove("instanceView"); // rendered from the power state on demand
        List<String> nicIds = nicIds(body);
        VmRecord[] previous = {null};
        VmRecord stored = table.compute(id.key(), (k, current) -> {
            previous[0] = current;
            long version = current == null ? 1 : current.version() + 1;
            body.put("etag", "\"" + version + "\"");
            return new VmRecord(id.canonical(), NicRecord.normalizeLocation(body.path("location").asText("")),
                    Json.bytes(body), powerState == null ? "running" : powerState, version, nicIds);
        });
        logPowerState(id.key(), stored.powerState());
        Set<String> now = new HashSet<>();
        for (String nic : nicIds) {
            now.add(ResourceId.key(nic));
            nics.attach(nic, stored.id());
        }
        if (previous[0] != null) {
            for (String old : previous[0].nicIds()) {
                if (!now.contains(ResourceId.key(old))) nics.detach(old, stored.id());
            }
        }
        return stored;
    }

    void putGenerated(String key, VmRecord vm) {
        table.put(key, vm);
    }

    void setPowerState(String vmId, String state) {
        String key = ResourceId.key(vmId);
        table.compute(key, (k, current) -> {
            if (current == null) return null;
            logPowerState(k, state);
            return current.withPowerState(state);
        });
    }

    VmRecord require(ResourceId id) {
        VmRecord vm = table.get(id.key());
        if (vm == null) throw ArmException.notFound(id);
        return vm;
    }

    /** The VM as GET answers it; with {@code $expand=instanceView} the statuses are embedded. */
    static ObjectNode render(VmRecord vm, boolean withInstanceView) {
        ObjectNode body = vm.body();
        if (withInstanceView) Json.child(body, "properties").set("instanceView", instanceView(vm));
        return body;
    }

    /** VirtualMachineInstanceView: provisioning and power state as status codes, as compute reports them. */
    static ObjectNode instanceView(VmRecord vm) {
        ObjectNode view = Json.object();
        JsonNode computerName = vm.body().path("properties").path("osProfile").path("computerName");
        if (computerName.isTextual()) view.put("computerName", computerName.asText());
        ArrayNode statuses = view.putArray("statuses");
        boolean transitioning = TRANSITIONS.contains(vm.powerState());
        ObjectNode prov = statuses.addObject();
        prov.put("code", transitioning ? "ProvisioningState/updating" : "ProvisioningState/succeeded");
        prov.put("level", "Info");
        prov.put("displayStatus", transitioning ? "Updating" : "Provisioning succeeded");
        prov.put("time", Instant.now().toString());
        ObjectNode power = statuses.addObject();
        power.put("code", "PowerState/" + vm.powerState());
        power.put("level", "Info");
        power.put("displayStatus", "VM " + vm.powerState());
        return view;
    }

    static List<String> nicIds(JsonNode vmBody) {
        List<String> ids = new ArrayList<>();
        for (JsonNode ref : vmBody.path("properties").path("networkProfile").path("networkInterfaces")) {
            if (ref.hasNonNull("id") && ResourceId.tryParse(ref.get("id").asText()) != null) ids.add(ref.get("id").asText());
        }
        return List.copyOf(ids);
    }

    static String requirePowerState(String state) {
        if (state == null) return "running";
        String s = state.toLowerCase(Locale.ROOT);
        if (s.startsWith("powerstate/")) s = s.substring("powerstate/".length());
        if (!Set.of("running", "deallocated", "stopped", "starting", "stopping", "deallocating").contains(s)) {
            throw new IllegalArgumentException("unknown power state " + state);
        }
        return s;
    }
}
