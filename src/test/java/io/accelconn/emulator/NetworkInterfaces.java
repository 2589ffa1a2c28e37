package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The NIC store and the rules of the network resource provider that accelconn depends on:
 * enum validation of the auxiliary fields, etag preconditions, server-owned fields, and the
 * {@code Updating -> Succeeded} provisioning cycle of a PUT.
 */
final class NetworkInterfaces {
    static final String TYPE = "Microsoft.Network/networkInterfaces";
    static final List<String> AUX_MODES = List.of("None", "MaxConnections", "Floating", "AcceleratedConnections");
    static final List<String> AUX_SKUS = List.of("None", "A1", "A2", "A4", "A8");

    /**
     * Properties the network RP owns: a client's value is ignored and the current one kept (on a
     * PUT built from an SDK model these are simply absent, and real ARM keeps them). Notably a
     * client cannot attach a VM by writing {@code virtualMachine}.
     */
    static final List<String> READ_ONLY_PROPERTIES = List.of("provisioningState", "resourceGuid", "macAddress",
            "virtualMachine", "primary", "vnetEncryptionSupported", "defaultOutboundConnectivityEnabled",
            "hostedWorkloads", "tapConfigurations", "privateEndpoint", "dscpConfiguration", "allowPort25Out");
    private static final List<String> READ_ONLY_DNS = List.of("appliedDnsServers", "internalFqdn",
            "internalDomainNameSuffix");
    private static final Set<String> SERVER_TOP_LEVEL = Set.of("id", "name", "type", "etag", "kind");

    /** @param previous the NIC before the write, null when the PUT created it */
    record WriteResult(NicRecord nic, boolean created, NicRecord previous) {
    }

    private final ResourceTable<NicRecord> table = new ResourceTable<>();

    ResourceTable<NicRecord> table() {
        return table;
    }

    NicRecord get(String idOrKey) {
        return table.get(ResourceId.key(idOrKey));
    }

    void clear() {
        table.clear();
    }

    /** Test/admin seeding: keeps every field of {@code armBody} as given, with canonical id and a fresh etag. */
    NicRecord putRaw(String nicId, JsonNode armBody) {
        ResourceId id = ResourceId.parse(nicId, ResourceId.NICS);
        if (!(armBody instanceof ObjectNode)) throw new IllegalArgumentException("NIC body must be a JSON object");
        ObjectNode body = ((ObjectNode) armBody).deepCopy();
        body.put("id", id.canonical());
        body.put("name", id.name());
        if (!body.hasNonNull("type")) body.put("type", TYPE);
        body.put("etag", Etags.next());
        return table.compute(id.key(), (k, prev) -> NicRecord.of(id.canonical(), body, prev, 0));
    }

    /** Bulk seeding from the fleet generator: no parsing, no checks. */
    void putGenerated(String key, NicRecord nic) {
        table.put(key, nic);
    }

    /** HTTP PUT: validate, check preconditions and store atomically; provisioningState becomes Updating. */
    WriteResult put(ResourceId id, ObjectNode body, Preconditions pre) {
        validate(body);
        NicRecord[] previous = {null};
        NicRecord stored = table.compute(id.key(), (k, current) -> {
            pre.check(current == null ? null : current.etag(), current != null);
            previous[0] = current;
            ObjectNode merged = merge(id, body, current == null ? null : current.body());
            return NicRecord.of(current == null ? id.canonical() : current.id(), merged, current,
                    currentMinute());
        });
        return new WriteResult(stored, previous[0] == null, previous[0]);
    }

    /** HTTP PATCH: {@code {"tags":{...}}} replaces the tags. */
    NicRecord patchTags(ResourceId id, ObjectNode body, Preconditions pre) {
        JsonNode tags = body.get("tags");
        if (tags != null && !tags.isObject() && !tags.isNull()) {
            throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: 'tags' must be an object.");
        }
        NicRecord stored = table.compute(id.key(), (k, current) -> {
            if (current == null) throw ArmException.notFound(id);
            pre.check(current.etag(), true);
            ObjectNode nic = current.body();
            if (tags != null) {
                if (tags.isNull()) nic.remove("tags");
                else nic.set("tags", tags.deepCopy());
            }
            setEtag(nic, Etags.next());
            return NicRecord.of(current.id(), nic, current, currentMinute());
        });
        return stored;
    }

    /** A concurrent writer (portal, another tool): applies the change and moves the etag on. */
    NicRecord mutate(String nicId, Consumer<ObjectNode> change) {
        return table.compute(ResourceId.key(nicId), (k, current) -> {
            if (current == null) throw new NoSuchElementException("no NIC " + nicId);
            ObjectNode nic = current.body();
            change.accept(nic);
            nic.put("id", current.id());
            setEtag(nic, Etags.next());
            return NicRecord.of(current.id(), nic, current, currentMinute());
        });
    }

    /**
     * End of a PUT's operation. As in the recorded exchange, the etag moves on again here, so the
     * etag in the PUT response is stale once the operation has succeeded. A later write in the
     * meantime owns the NIC's state; then nothing changes.
     */
    void completeProvisioning(String key, String etagOfWrite) {
        table.compute(key, (k, current) -> {
            if (current == null || !etagOfWrite.equals(current.etag())) return current;
            ObjectNode nic = current.body();
            Json.child(nic, "properties").put("provisioningState", "Succeeded");
            for (JsonNode ipc : nic.path("properties").path("ipConfigurations")) {
                if (ipc.path("properties") instanceof ObjectNode p) p.put("provisioningState", "Succeeded");
            }
            setEtag(nic, Etags.next());
            return NicRecord.of(current.id(), nic, current, currentMinute());
        });
    }

    /**
     * End of a PUT whose operation failed ({@link OperationFault}): the write is rolled back to
     * {@code previous} (or kept, for a NIC the PUT created) with provisioningState Failed and a
     * new etag. A later write in the meantime owns the NIC's state; then nothing changes.
     */
    void failProvisioning(String key, String etagOfWrite, NicRecord previous) {
        table.compute(key, (k, current) -> {
            if (current == null || !etagOfWrite.equals(current.etag())) return current;
            ObjectNode nic = previous != null ? previous.body() : current.body();
            Json.child(nic, "properties").put("provisioningState", "Failed");
            setEtag(nic, Etags.next());
            return NicRecord.of(current.id(), nic, previous, currentMinute());
        });
    }

    /** Reflects a VM's networkProfile on the NIC; a no-op when already so. */
    void attach(String nicId, String vmId) {
        updateVirtualMachine(nicId, vmId, null);
    }

    /** Clears the NIC's VM reference if (and only if) it still names {@code vmId}. */
    void detach(String nicId, String vmId) {
        updateVirtualMachine(nicId, null, vmId);
    }

    private void updateVirtualMachine(String nicId, String newVmId, String onlyIfNow) {
        table.compute(ResourceId.key(nicId), (k, current) -> {
            if (current == null) return null;
            ObjectNode nic = current.body();
            ObjectNode props = Json.child(nic, "properties");
            String now = props.path("virtualMachine").path("id").asText(null);
            if (newVmId == null ? now == null || !now.equalsIgnoreCase(onlyIfNow) : newVmId.equalsIgnoreCase(now)) {
                return current;
            }
            if (newVmId == null) {
                props.remove("virtualMachine");
            } else {
                props.putObject("virtualMachine").put("id", newVmId);
                if (!props.has("macAddress")) props.put("macAddress", macFor(current.id()));
            }
            setEtag(nic, Etags.next());
            return NicRecord.of(current.id(), nic, current, currentMinute());
        });
    }

    static void validate(ObjectNode body) {
        JsonNode props = body.path("properties");
        String mode = enumValue(props, "auxiliaryMode", AUX_MODES);
        String sku = enumValue(props, "auxiliarySku", AUX_SKUS);
        if ("AcceleratedConnections".equals(mode)) {
            if (!props.path("enableAcceleratedNetworking").asBoolean(false)) {
                throw ArmException.badRequest("InvalidParameter", "properties.auxiliaryMode 'AcceleratedConnections' "
                        + "requires properties.enableAcceleratedNetworking = true.");
            }
            if (sku == null || sku.equals("None")) {
                throw ArmException.badRequest("InvalidParameter", "properties.auxiliaryMode 'AcceleratedConnections' "
                        + "requires properties.auxiliarySku A1, A2, A4 or A8 (got '" + sku + "').");
            }
        }
    }

    private static String enumValue(JsonNode props, String field, List<String> allowed) {
        JsonNode v = props.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request. Value '" + v.asText()
                    + "' is not valid for property 'properties." + field + "'. Allowed values: "
                    + String.join(", ", allowed) + ".");
        }
        return v.asText();
    }

    /** The stored body for a PUT of {@code body} over {@code existing} (null when creating). */
    private static ObjectNode merge(ResourceId id, ObjectNode body, ObjectNode existing) {
        String canonicalId = existing != null ? existing.path("id").asText() : id.canonical();
        String location = body.path("location").asText(null);
        String existingLocation = existing == null ? null : existing.path("location").asText(null);
        if (location == null && existing == null) {
            throw ArmException.badRequest("LocationRequired", "The location property is required for this definition.");
        }
        location = NicRecord.normalizeLocation(location == null ? existingLocation : location);
        if (existingLocation != null && !location.equals(NicRecord.normalizeLocation(existingLocation))) {
            throw ArmException.badRequest("InvalidResourceLocation", "The resource '" + id.name()
                    + "' already exists in location '" + existingLocation + "' in resource group '"
                    + id.resourceGroup() + "'. A resource with the same name cannot be created in location '"
                    + location + "'.");
        }
        String etag = Etags.next();
        ObjectNode out = Json.object();
        out.put("name", existing != null ? existing.path("name").asText() : id.name());
        out.put("id", canonicalId);
        out.put("etag", etag);
        out.put("type", TYPE);
        out.put("location", location);
        if (body.hasNonNull("tags")) out.set("tags", body.get("tags").deepCopy());
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!out.has(f.getKey()) && !SERVER_TOP_LEVEL.contains(f.getKey()) && !f.getKey().equals("properties")) {
                out.set(f.getKey(), f.getValue().deepCopy());
            }
        }
        ObjectNode props = body.path("properties") instanceof ObjectNode p ? p.deepCopy() : Json.object();
        ObjectNode oldProps = existing == null ? Json.object() : (ObjectNode) existing.path("properties");
        READ_ONLY_PROPERTIES.forEach(props::remove);
        for (String f : READ_ONLY_PROPERTIES) {
            if (oldProps.has(f)) props.set(f, oldProps.get(f).deepCopy());
        }
        if (existing == null) applyCreateDefaults(props);
        props.put("provisioningState", "Updating");
        mergeDnsSettings(props, oldProps);
        normalizeIpConfigurations(canonicalId, props, oldProps, etag);
        out.set("properties", props);
        out.put("kind", existing != null ? existing.path("kind").asText("Regular") : "Regular");
        return out;
    }

    /** What the recorded 201 shows the RP filling in on a new NIC. */
    private static void applyCreateDefaults(ObjectNode props) {
        props.put("resourceGuid", UUID.randomUUID().toString());
        props.put("vnetEncryptionSupported", false);
        props.putArray("hostedWorkloads");
        props.putArray("tapConfigurations");
        props.put("allowPort25Out", true);
        if (!props.has("enableAcceleratedNetworking")) props.put("enableAcceleratedNetworking", false);
        if (!props.has("enableIPForwarding")) props.put("enableIPForwarding", false);
        if (!props.has("disableTcpStateTracking")) props.put("disableTcpStateTracking", false);
        if (!props.has("nicType")) props.put("nicType", "Standard");
    }

    private static void mergeDnsSettings(ObjectNode props, ObjectNode oldProps) {
        ObjectNode dns = Json.child(props, "dnsSettings");
        READ_ONLY_DNS.forEach(dns::remove);
        JsonNode oldDns = oldProps.path("dnsSettings");
        for (String f : READ_ONLY_DNS) {
            if (oldDns.has(f)) dns.set(f, oldDns.get(f).deepCopy());
        }
        if (!dns.has("dnsServers")) dns.putArray("dnsServers");
        if (!dns.has("appliedDnsServers")) dns.putArray("appliedDnsServers");
    }

    /** Server-side fields of each IP configuration; Dynamic addresses stay what they were by config name. */
    private static void normalizeIpConfigurations(String nicId, ObjectNode props, ObjectNode oldProps, String etag) {
        JsonNode configs = props.get("ipConfigurations");
        if (configs == null || configs.isNull()) return;
        if (!configs.isArray()) {
            throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: 'properties.ipConfigurations' must be an array.");
        }
        Map<String, JsonNode> previous = new HashMap<>();
        for (JsonNode old : oldProps.path("ipConfigurations")) {
            previous.put(old.path("name").asText("").toLowerCase(Locale.ROOT), old);
        }
        ArrayNode array = (ArrayNode) configs;
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof ObjectNode ipc)) {
                throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: ipConfigurations[" + i + "] must be an object.");
            }
            String name = ipc.path("name").asText(null);
            if (name == null || name.isBlank()) {
                throw ArmException.badRequest("InvalidRequestFormat", "properties.ipConfigurations[" + i + "].name is required.");
            }
            JsonNode old = previous.get(name.toLowerCase(Locale.ROOT));
            ipc.put("id", nicId + "/ipConfigurations/" + name);
            ipc.put("etag", etag);
            ipc.put("type", TYPE + "/ipConfigurations");
            ObjectNode p = Json.child(ipc, "properties");
            p.put("provisioningState", "Updating");
            if (!p.hasNonNull("privateIPAllocationMethod")) p.put("privateIPAllocationMethod", "Dynamic");
            if (p.path("privateIPAllocationMethod").asText().equals("Dynamic")) {
                String oldIp = old == null ? null : old.path("properties").path("privateIPAddress").asText(null);
                p.put("privateIPAddress", oldIp != null ? oldIp : "10.0.0." + (4 + i));
            }
            if (!p.has("privateIPAddressVersion")) p.put("privateIPAddressVersion", "IPv4");
            if (!p.has("primary")) p.put("primary", i == 0);
            reduceToId(p, "subnet");
            reduceToId(p, "publicIPAddress");
        }
        inheritPrimarySubnet(array);
        reduceToId(props, "networkSecurityGroup");
    }

    /** As the spec's NetworkInterfaceCreate 201 shows: a secondary IP configuration without a subnet gets the primary's. */
    private static void inheritPrimarySubnet(ArrayNode configs) {
        JsonNode subnet = null;
        for (JsonNode ipc : configs) {
            if (ipc.at("/properties/primary").asBoolean(false)) subnet = ipc.at("/properties/subnet");
        }
        if (subnet == null || subnet.isMissingNode()) return;
        for (JsonNode ipc : configs) {
            ObjectNode p = (ObjectNode) ipc.get("properties");
            if (!p.hasNonNull("subnet")) p.set("subnet", subnet.deepCopy());
        }
    }

    /** The RP answers references as {@code {"id": ...}} whatever the client embedded. */
    private static void reduceToId(ObjectNode parent, String field) {
        JsonNode ref = parent.get(field);
        if (ref != null && ref.hasNonNull("id")) parent.putObject(field).put("id", ref.get("id").asText());
    }

    private static void setEtag(ObjectNode nic, String etag) {
        nic.put("etag", etag);
        for (JsonNode ipc : nic.path("properties").path("ipConfigurations")) {
            if (ipc instanceof ObjectNode o && o.has("etag")) o.put("etag", etag);
        }
    }

    /**
     * Acceleration counts from the start of the minute it happened in, so the metrics point of
     * the current minute already shows it (Monitor's PT1M points are stamped at the minute start).
     */
    private static long currentMinute() {
        long now = System.currentTimeMillis();
        return now - now % 60_000;
    }

    static String macFor(String id) {
        int h = id.toLowerCase(Locale.ROOT).hashCode();
        return String.format("00-0D-3A-%02X-%02X-%02X", (h >>> 16) & 0xFF, (h >>> 8) & 0xFF, h & 0xFF);
    }
}
