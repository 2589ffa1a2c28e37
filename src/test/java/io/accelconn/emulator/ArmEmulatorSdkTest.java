package io.accelconn.emulator;

import com.azure.core.http.HttpPipeline;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.Context;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.azure.resourcemanager.monitor.MonitorManager;
import com.azure.resourcemanager.monitor.fluent.models.MetricInner;
import com.azure.resourcemanager.monitor.fluent.models.ResponseInner;
import com.azure.resourcemanager.monitor.models.Unit;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.NetworkInterfacesClient;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.models.NetworkInterfaceAuxiliaryMode;
import com.azure.resourcemanager.network.models.NetworkInterfaceAuxiliarySku;
import com.azure.resourcemanager.network.models.ProvisioningState;
import com.azure.resourcemanager.resourcegraph.ResourceGraphManager;
import com.azure.resourcemanager.resourcegraph.models.QueryRequest;
import com.azure.resourcemanager.resourcegraph.models.QueryRequestOptions;
import com.azure.resourcemanager.resourcegraph.models.QueryResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real azure-resourcemanager SDK against the emulator: the reference samples read back with
 * nothing lost, a NIC PUT through the long-running operation, paging, SKUs, VM power actions,
 * Resource Graph and Monitor.
 */
class ArmEmulatorSdkTest {
    private static final SerializerAdapter SERIALIZER = SerializerFactory.createDefaultManagementSerializerAdapter();
    private static ArmEmulator emulator;
    private static HttpPipeline pipeline;

    @BeforeAll
    static void start() {
        emulator = ArmEmulator.start(0);
        pipeline = ArmEmulatorSdk.pipeline();
        ArmEmulatorSdk.fastPolling(Duration.ofMillis(10));
    }

    @AfterAll
    static void stop() {
        ArmEmulatorSdk.restoreDefaultPolling();
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static NetworkInterfacesClient nics(String subscription) {
        return NetworkManager.authenticate(pipeline, ArmEmulatorSdk.profile(emulator, subscription))
                .serviceClient().getNetworkInterfaces();
    }

    private static ComputeManager compute(String subscription) {
        return ComputeManager.authenticate(pipeline, ArmEmulatorSdk.profile(emulator, subscription));
    }

    @Test
    void specNicGetSampleReadsBackThroughTheSdkWithNothingLost() throws IOException {
        JsonNode source = Reference.json("arm/NetworkInterfaceGet.2025-05-01.json").at("/responses/200/body");
        String id = source.get("id").asText();
        emulator.putNic(id, source);

        RawArm.Reply wire = new RawArm(emulator).get(id + "?api-version=2025-03-01");
        assertEquals(200, wire.status());
        JsonSubset.assertContains(source, wire.json(), Set.of());
        assertTrue(wire.header("ETag").matches("W/\"[0-9a-f-]{36}\""), wire.header("ETag"));
        assertEquals(wire.header("ETag"), wire.json().get("etag").asText());

        NetworkInterfaceInner nic = nics("subid").getByResourceGroup("rg1", "test-nic");
        assertSdkSeesEverything(source, wire.json(), nic);
    }

    @Test
    void recordedNicWithAuxiliaryFieldsReadsBackThroughTheSdk() throws IOException {
        JsonNode source = Reference.json("arm/azure-powershell.TestNetworkInterfaceWithAuxiliarySku.extract.json")
                .at("/Entries/2/ResponseBody");
        String id = source.get("id").asText();
        emulator.putNic(id, source);

        RawArm.Reply wire = new RawArm(emulator).get(id + "?api-version=2022-11-01");
        JsonSubset.assertContains(source, wire.json(), Set.of("/etag", "/properties/ipConfigurations/0/etag"));
        // Fields the SDK does not model are still on the wire.
        assertEquals("Regular", wire.json().get("kind").asText());
        assertTrue(wire.json().at("/properties/allowPort25Out").asBoolean());

        NetworkInterfaceInner nic = nics("e33e8ed2-fe7f-450b-a73e-db3f6550985a").getByResourceGroup("ps8339", "ps9232");
        assertSdkSeesEverything(source, wire.json(), nic);
        assertEquals(NetworkInterfaceAuxiliaryMode.MAX_CONNECTIONS, nic.auxiliaryMode());
        assertEquals(NetworkInterfaceAuxiliarySku.A2, nic.auxiliarySku());
        assertEquals(Map.of("fastpathenabled", "true"), nic.tags());
    }

    /**
     * The SDK model re-serialized holds only values from the source (its toJson writes the
     * writable fields), and the read-only fields arrive through the getters.
     */
    private static void assertSdkSeesEverything(JsonNode source, JsonNode wire, NetworkInterfaceInner nic) throws IOException {
        JsonNode reserialized = Reference.parse(SERIALIZER.serialize(nic, SerializerEncoding.JSON));
        JsonSubset.assertContains(reserialized, source, Set.of());
        JsonNode p = source.get("properties");
        assertEquals(source.get("id").asText(), nic.id());
        assertEquals(source.get("name").asText(), nic.name());
        assertEquals(source.get("type").asText(), nic.type());
        assertEquals(source.get("location").asText(), nic.location());
        assertEquals(wire.get("etag").asText(), nic.etag());
        assertEquals(tags(source), nic.tags());
        assertEquals(p.path("provisioningState").asText(null), str(nic.provisioningState()));
        assertEquals(p.path("resourceGuid").asText(null), nic.resourceGuid());
        assertEquals(p.path("macAddress").asText(null), nic.macAddress());
        assertEquals(p.at("/virtualMachine/id").asText(null), nic.virtualMachine() == null ? null : nic.virtualMachine().id());
        assertEquals(p.at("/dscpConfiguration/id").asText(null), nic.dscpConfiguration() == null ? null : nic.dscpConfiguration().id());
        assertEquals(p.at("/networkSecurityGroup/id").asText(null),
                nic.networkSecurityGroup() == null ? null : nic.networkSecurityGroup().id());
        assertEquals(bool(p, "enableAcceleratedNetworking"), nic.enableAcceleratedNetworking());
        assertEquals(bool(p, "enableIPForwarding"), nic.enableIpForwarding());
        assertEquals(bool(p, "disableTcpStateTracking"), nic.disableTcpStateTracking());
        assertEquals(bool(p, "primary"), nic.primary());
        assertEquals(bool(p, "vnetEncryptionSupported"), nic.vnetEncryptionSupported());
        assertEquals(p.path("nicType").asText(null), str(nic.nicType()));
        assertEquals(p.path("auxiliaryMode").asText(null), str(nic.auxiliaryMode()));
        assertEquals(p.path("auxiliarySku").asText(null), str(nic.auxiliarySku()));
        assertEquals(p.at("/dnsSettings/internalDomainNameSuffix").asText(null), nic.dnsSettings().internalDomainNameSuffix());
        assertEquals(p.get("ipConfigurations").size(), nic.ipConfigurations().size());
        for (int i = 0; i < nic.ipConfigurations().size(); i++) {
            JsonNode expected = p.get("ipConfigurations").get(i);
            NetworkInterfaceIpConfigurationInner ipc = nic.ipConfigurations().get(i);
            assertEquals(expected.get("id").asText(), ipc.id());
            assertEquals(expected.get("name").asText(), ipc.name());
            assertEquals(expected.at("/properties/privateIPAddress").asText(), ipc.privateIpAddress());
            assertEquals(expected.at("/properties/subnet/id").asText(), ipc.subnet().id());
            assertEquals(expected.at("/properties/primary").asBoolean(), ipc.primary());
            assertEquals(expected.at("/properties/provisioningState").asText(), ipc.provisioningState().toString());
        }
    }

    @Test
    void nicPutThroughTheSdkCreatesWithAuxiliaryFieldsAndReachesSucceeded() throws IOException {
        JsonNode sample = Reference.json("arm/NetworkInterfaceCreate.2024-05-01.json");
        NetworkInterfaceInner request = SERIALIZER.deserialize(
                sample.at("/parameters/parameters").toString(), NetworkInterfaceInner.class, SerializerEncoding.JSON);
        request.withAuxiliaryMode(NetworkInterfaceAuxiliaryMode.ACCELERATED_CONNECTIONS)
                .withAuxiliarySku(NetworkInterfaceAuxiliarySku.A2)
                .withTags(Map.of("fastpathenabled", "true"));

        long start = System.nanoTime();
        NetworkInterfaceInner created = nics("subid").createOrUpdate("rg1", "test-nic", request);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ProvisioningState.SUCCEEDED, created.provisioningState());
        assertEquals(NetworkInterfaceAuxiliaryMode.ACCELERATED_CONNECTIONS, created.auxiliaryMode());
        assertEquals(NetworkInterfaceAuxiliarySku.A2, created.auxiliarySku());
        assertEquals(Map.of("fastpathenabled", "true"), created.tags());
        // PUT 201 -> one InProgress poll -> Succeeded poll -> final GET of the NIC.
        assertEquals(1, emulator.count("nic.put"));
        assertEquals(2, emulator.count("operation.get"));
        assertEquals(1, emulator.count("nic.get"));
        assertTrue(millis < 5_000, "LRO took " + millis + " ms");

        // What the spec's 201 example shows, except the server-assigned addresses.
        JsonNode spec201 = sample.at("/responses/201/body");
        JsonNode wire = new RawArm(emulator).get(created.id() + "?api-version=2025-03-01").json();
        JsonSubset.assertContains(spec201, wire, Set.of(
                "/properties/ipConfigurations/0/properties/privateIPAddress",
                "/properties/ipConfigurations/1/properties/privateIPAddress"));
        assertEquals(28, wire.at("/properties/ipConfigurations/1/properties/privateIPAddressPrefixLength").asInt());
        assertEquals(created.etag(), wire.get("etag").asText());
    }

    @Test
    void sdkUpdateNeedsIfMatchFromTheContextAndA412MeansReadAgain() {
        JsonNode recorded = Reference.json("arm/azure-powershell.TestNetworkInterfaceWithAuxiliarySku.extract.json")
                .at("/Entries/2/ResponseBody");
        String id = recorded.get("id").asText();
        emulator.putNic(id, recorded);
        NetworkInterfacesClient client = nics("e33e8ed2-fe7f-450b-a73e-db3f6550985a");

        NetworkInterfaceInner read = client.getByResourceGroup("ps8339", "ps9232");
        read.withAuxiliaryMode(NetworkInterfaceAuxiliaryMode.ACCELERATED_CONNECTIONS)
                .withAuxiliarySku(NetworkInterfaceAuxiliarySku.A4);

        // The generated client sends no If-Match by itself.
        ManagementException noIfMatch = assertThrows(ManagementException.class,
                () -> client.createOrUpdate("ps8339", "ps9232", read));
        assertEquals(428, noIfMatch.getResponse().getStatusCode());
        assertEquals("PreconditionRequired", noIfMatch.getValue().getCode());

        emulator.mutateNic(id, n -> ((ObjectNode) n.get("tags")).put("owner", "portal-user"));
        ManagementException stale = assertThrows(ManagementException.class,
                () -> client.createOrUpdate("ps8339", "ps9232", read, ArmEmulatorSdk.ifMatch(read.etag())));
        assertEquals(412, stale.getResponse().getStatusCode());
        assertEquals("PreconditionFailed", stale.getValue().getCode());

        NetworkInterfaceInner fresh = client.getByResourceGroup("ps8339", "ps9232");
        fresh.withAuxiliaryMode(NetworkInterfaceAuxiliaryMode.ACCELERATED_CONNECTIONS)
                .withAuxiliarySku(NetworkInterfaceAuxiliarySku.A4);
        NetworkInterfaceInner written = client.createOrUpdate("ps8339", "ps9232", fresh, ArmEmulatorSdk.ifMatch(fresh.etag()));
        assertEquals(ProvisioningState.SUCCEEDED, written.provisioningState());
        assertEquals(NetworkInterfaceAuxiliarySku.A4, written.auxiliarySku());
        assertEquals("portal-user", written.tags().get("owner"));
        assertNotEquals(fresh.etag(), written.etag());
        // Read-only fields the SDK never sent are kept by the server, as ARM does.
        ObjectNode stored = emulator.nic(id).orElseThrow();
        assertEquals("Regular", stored.get("kind").asText());
        assertTrue(stored.at("/properties/allowPort25Out").asBoolean());
        assertEquals(recorded.at("/properties/resourceGuid").asText(), stored.at("/properties/resourceGuid").asText());
    }

    @Test
    void sdkRetriesAnInjected429AfterRetryAfter() {
        JsonNode source = Reference.json("arm/NetworkInterfaceGet.2025-05-01.json").at("/responses/200/body");
        emulator.putNic(source.get("id").asText(), source);
        emulator.inject(FaultRule.error("GET", "/networkInterfaces/test-nic$", 429,
                "RetryableErrorDueToAnotherOperation", 1, 1));
        long start = System.nanoTime();
        NetworkInterfaceInner nic = nics("subid").getByResourceGroup("rg1", "test-nic");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("test-nic", nic.name());
        assertEquals(1, emulator.count("fault"));
        assertEquals(2, emulator.count("nic.get"));
        assertTrue(millis >= 900, "the SDK waited only " + millis + " ms");
    }

    @Test
    void sdkListsFollowNextLinkAcrossPages() {
        FleetSummary fleet = emulator.seedFleet(new FleetSpec(2, 250, 2, List.of("eastus2"), 0.5, 0.1, 7));
        String sub = fleet.subscriptionIds().get(0);
        emulator.resetCounts();

        List<NetworkInterfaceInner> all = nics(sub).list().stream().toList();
        assertEquals(250, all.size());
        assertEquals(250, new HashSet<>(all.stream().map(NetworkInterfaceInner::id).toList()).size());
        assertTrue(all.stream().allMatch(n -> n.id().startsWith("/subscriptions/" + sub + "/")));
        assertEquals(3, emulator.count("nic.list"));

        assertEquals(125, nics(sub).listByResourceGroup("rg-fleet-01").stream().count());
        long vmsInSub = compute(sub).serviceClient().getVirtualMachines().list().stream().count();
        assertEquals(vmsInSub, all.stream().filter(n -> n.virtualMachine() != null).count());
    }

    @Test
    void resourceSkusParseWithTheSdkAndFilterByLocation() {
        List<ResourceSkuInner> eastus2 = compute("sub").serviceClient().getResourceSkus()
                .list("location eq 'eastus2'", null, Context.NONE).stream().toList();
        assertTrue(eastus2.size() >= 40, "got " + eastus2.size());
        assertTrue(eastus2.stream().allMatch(s -> s.locations().equals(List.of("eastus2"))));
        ResourceSkuInner d8v5 = eastus2.stream().filter(s -> s.name().equals("Standard_D8s_v5")).findFirst().orElseThrow();
        assertEquals("virtualMachines", d8v5.resourceType());
        assertEquals("standardDSv5Family", d8v5.family());
        Map<String, String> caps = new HashMap<>();
        d8v5.capabilities().forEach(c -> caps.put(c.name(), c.value()));
        assertEquals("8", caps.get("vCPUs"));
        assertEquals("True", caps.get("AcceleratedNetworkingEnabled"));
        assertEquals("4", caps.get("MaxNetworkInterfaces"));

        List<String> westeurope = compute("sub").serviceClient().getResourceSkus()
                .list("location eq 'westeurope'", null, Context.NONE).stream().map(ResourceSkuInner::name).toList();
        assertTrue(westeurope.containsAll(List.of("Standard_D4s_v4", "Standard_D8s_v5", "Standard_E16s_v5",
                "Standard_F8s_v2", "Standard_B2s", "Standard_D2s_v3")), westeurope.toString());
        assertFalse(westeurope.contains("Standard_DS3_v2"), "the 2020 snapshot lists DS3_v2 in eastus2 only");
    }

    @Test
    void specVmSampleReadsBackAndPowerActionsRunAsLongRunningOperations() throws IOException {
        String sub = "6f1b3c1e-5d2a-4c8e-9a7b-0123456789ab";
        JsonNode source = Reference.parse(Reference.text("arm/VirtualMachine_Get.2024-07-01.json")
                .replace("{subscription-id}", sub).replace("{myNIC}", "myNIC")).at("/responses/200/body");
        String vmId = source.get("id").asText();
        String nicId = source.at("/properties/networkProfile/networkInterfaces/0/id").asText();
        ObjectNode nicBody = (ObjectNode) Reference.json("arm/NetworkInterfaceGet.2025-05-01.json").at("/responses/200/body");
        ((ObjectNode) nicBody.get("properties")).remove("virtualMachine");
        emulator.putNic(nicId, nicBody);
        emulator.putVm(vmId, source, "running");
        assertEquals(vmId, emulator.nic(nicId).orElseThrow().at("/properties/virtualMachine/id").asText());

        JsonNode wire = new RawArm(emulator).get(vmId + "?api-version=2025-04-01").json();
        JsonSubset.assertContains(source, wire, Set.of());

        VirtualMachinesClient vms = compute(sub).serviceClient().getVirtualMachines();
        VirtualMachineInner vm = vms.getByResourceGroup("myResourceGroup", "myVM");
        JsonSubset.assertContains(Reference.parse(SERIALIZER.serialize(vm, SerializerEncoding.JSON)), source, Set.of());
        assertEquals("Standard_DS3_v2", vm.hardwareProfile().vmSize().toString());
        assertEquals(nicId, vm.networkProfile().networkInterfaces().get(0).id());
        assertEquals(OffsetDateTime.parse("2021-06-27T01:02:38.3138469+00:00"), vm.timeCreated());
        assertEquals("West US", vm.location());
        assertEquals(Map.of("myTag1", "tagValue1"), vm.tags());
        assertEquals("\"1\"", vm.etag());
        assertEquals("0f47b100-583c-48e3-a4c0-aefc2c9bbcc1", vm.vmId());
        assertEquals("Succeeded", vm.provisioningState());
        assertEquals(1, vm.resources().size());
        assertNull(vm.instanceView());

        VirtualMachineInner expanded = vms.getByResourceGroupWithResponse("myResourceGroup", "myVM",
                InstanceViewTypes.INSTANCE_VIEW, Context.NONE).getValue();
        assertEquals(List.of("ProvisioningState/succeeded", "PowerState/running"),
                expanded.instanceView().statuses().stream().map(InstanceViewStatus::code).toList());

        vms.deallocate("myResourceGroup", "myVM");
        assertEquals("deallocated", emulator.powerState(vmId).orElseThrow());
        assertTrue(vms.instanceView("myResourceGroup", "myVM").statuses().stream()
                .anyMatch(s -> s.code().equals("PowerState/deallocated")));
        vms.start("myResourceGroup", "myVM");
        assertEquals("running", emulator.powerState(vmId).orElseThrow());
        assertEquals(1, emulator.count("vm.deallocate"));
        assertEquals(1, emulator.count("vm.start"));
    }

    @Test
    void resourceGraphPagesThroughTheSdk() {
        FleetSummary fleet = emulator.seedFleet(new FleetSpec(2, 150, 3, null, 0.6, 0.2, 11));
        ResourceGraphManager graph = ResourceGraphManager.authenticate(pipeline,
                ArmEmulatorSdk.profile(emulator, fleet.subscriptionIds().get(0)));
        QueryRequest request = new QueryRequest().withSubscriptions(fleet.subscriptionIds())
                .withQuery("Resources | where type =~ 'microsoft.network/networkinterfaces' | project id, properties")
                .withOptions(new QueryRequestOptions().withTop(200));
        Set<String> ids = new HashSet<>();
        int pages = 0;
        String token = null;
        do {
            request.options().withSkipToken(token);
            QueryResponse page = graph.resourceProviders().resources(request);
            assertEquals(300, page.totalRecords());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) page.data();
            assertEquals(page.count(), rows.size());
            rows.forEach(r -> ids.add((String) r.get("id")));
            assertEquals("microsoft.network/networkinterfaces", rows.get(0).get("type"));
            token = page.skipToken();
            pages++;
        } while (token != null);
        assertEquals(2, pages);
        assertEquals(300, ids.size());
    }

    @Test
    void monitorMetricsParseWithTheSdk() {
        FleetSummary fleet = emulator.seedFleet(new FleetSpec(1, 20, 1, List.of("eastus2"), 1.0, 0.0, 3));
        String sub = fleet.subscriptionIds().get(0);
        String vmId = "/subscriptions/" + sub + "/resourceGroups/rg-fleet-00/providers/Microsoft.Compute/virtualMachines/vm-000000";
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        MonitorManager monitor = MonitorManager.authenticate(pipeline, ArmEmulatorSdk.profile(emulator, sub));
        ResponseInner response = monitor.serviceClient().getMetrics().listWithResponse(vmId,
                end.minus(Duration.ofMinutes(10)) + "/" + end, Duration.ofMinutes(1),
                "Inbound Flows,Inbound Flows Maximum Creation Rate", "average,maximum", null, null, null, null, null,
                Context.NONE).getValue();
        assertEquals(2, response.value().size());
        MetricInner flows = response.value().get(0);
        assertEquals("Inbound Flows", flows.name().value());
        assertEquals(Unit.COUNT, flows.unit());
        MetricInner rate = response.value().get(1);
        assertEquals(Unit.COUNT_PER_SECOND, rate.unit());
        assertEquals(10, rate.timeseries().get(0).data().size());
        assertNotNull(rate.timeseries().get(0).data().get(0).average());
        assertNotNull(rate.timeseries().get(0).data().get(0).maximum());
        assertEquals(1, emulator.count("metrics.get"));
    }

    private static Map<String, String> tags(JsonNode resource) {
        if (!resource.has("tags")) return null;
        Map<String, String> m = new HashMap<>();
        resource.get("tags").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static Boolean bool(JsonNode props, String field) {
        return props.has(field) ? props.get(field).asBoolean() : null;
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
