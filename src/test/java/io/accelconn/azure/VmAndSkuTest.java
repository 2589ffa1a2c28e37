package io.accelconn.azure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accelconn.policy.VmSizeSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.accelconn.azure.EmulatedArm.JSON;
import static io.accelconn.azure.EmulatedArm.SUB;
import static io.accelconn.azure.EmulatedArm.nicBody;
import static io.accelconn.azure.EmulatedArm.nicId;
import static io.accelconn.azure.EmulatedArm.vmId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VmAndSkuTest {

    static final String VM = vmId("fw-vm-01");
    static final String NIC1 = nicId("fw-vm-01-nic-0");
    static final String NIC2 = nicId("fw-vm-01-nic-1");

    static EmulatedArm env;

    @BeforeAll
    static void start() {
        env = EmulatedArm.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void seed() {
        env.emulator.reset();
        env.emulator.putNic(NIC1, nicBody("eastus2", Map.of()));
        env.emulator.putNic(NIC2, nicBody("eastus2", Map.of()));
        ObjectNode vm = JSON.createObjectNode();
        vm.put("location", "eastus2");
        vm.putObject("tags").put("role", "firewall");
        ObjectNode props = vm.putObject("properties");
        props.putObject("hardwareProfile").put("vmSize", "Standard_D8s_v5");
        props.put("timeCreated", "2026-08-01T10:15:30.1234567+00:00");
        ArrayNode refs = props.putObject("networkProfile").putArray("networkInterfaces");
        refs.addObject().put("id", NIC1).putObject("properties").put("primary", true);
        refs.addObject().put("id", NIC2).putObject("properties").put("primary", false);
        env.emulator.putVm(VM, vm, "running");
    }

    @Test
    void vmWithPowerStateInOneCall() {
        Vm vm = env.vms.get(VM).orElseThrow();
        assertEquals("running", vm.powerState());
        assertEquals("Standard_D8s_v5", vm.size());
        assertEquals("eastus2", vm.location());
        assertEquals(List.of(NIC1, NIC2), vm.nicIds());
        assertEquals(Map.of("role", "firewall"), vm.tags());
        assertEquals(Instant.parse("2026-08-01T10:15:30.1234567Z"), vm.timeCreated().toInstant());
        assertEquals(1, env.emulator.count("vm.get"));
        assertEquals(0, env.emulator.count("vm.instanceView"), "power state came with $expand=instanceView");
        assertEquals(vm.id().toLowerCase(), env.nics.get(NIC1).orElseThrow().vmId().toLowerCase(), "the NIC names its VM");
    }

    @Test
    void missingVmIsEmpty() {
        assertEquals(Optional.empty(), env.vms.get(vmId("nope")));
        assertThrows(InvalidResourceIdException.class, () -> env.vms.get(NIC1));
    }

    @Test
    void deallocateThenStartWaitForTheOperations() {
        env.vms.deallocate(VM);
        assertEquals("deallocated", env.emulator.powerState(VM).orElseThrow());
        assertEquals("deallocated", env.vms.get(VM).orElseThrow().powerState());

        env.vms.start(VM);
        assertEquals("running", env.emulator.powerState(VM).orElseThrow());
        assertEquals("running", env.vms.get(VM).orElseThrow().powerState());
        assertEquals(1, env.emulator.count("vm.deallocate"));
        assertEquals(1, env.emulator.count("vm.start"));
        assertTrue(env.emulator.count("operation.get") >= 2);
    }

    @Test
    void skuCatalogMapsCapabilities() {
        ArrayNode skus = JSON.createArrayNode();
        sku(skus, "virtualMachines", "Standard_D8s_v5", "standardDSv5Family", "eastus2",
                Map.of("vCPUs", "8", "vCPUsAvailable", "8", "AcceleratedNetworkingEnabled", "True", "MaxNetworkInterfaces", "4"));
        sku(skus, "virtualMachines", "Standard_E8-2s_v4", "standardESv4Family", "eastus2",
                Map.of("vCPUs", "8", "vCPUsAvailable", "2", "AcceleratedNetworkingEnabled", "True", "MaxNetworkInterfaces", "4"));
        // No AcceleratedNetworkingEnabled, no vCPUsAvailable, no MaxNetworkInterfaces: old entries look like this.
        sku(skus, "virtualMachines", "Standard_A2_v2", "standardAv2Family", "eastus2", Map.of("vCPUs", "2"));
        sku(skus, "virtualMachines", "Standard_B2s", "standardBSFamily", "eastus2",
                Map.of("vCPUs", "2", "AcceleratedNetworkingEnabled", "False", "MaxNetworkInterfaces", "3"));
        sku(skus, "disks", "Premium_LRS", null, "eastus2", Map.of("MaxSizeGiB", "4"));
        sku(skus, "virtualMachines", "Standard_D4s_v5", "standardDSv5Family", "westeurope",
                Map.of("vCPUs", "4", "AcceleratedNetworkingEnabled", "True"));
        env.emulator.setSkus(skus);

        Map<String, VmSizeSpec> sizes = new SkuCatalogClient(env.arm)
                .fetchVmSizes(SUB, "East US 2").stream()
                .collect(Collectors.toMap(VmSizeSpec::name, Function.identity()));

        assertEquals(4, sizes.size(), "VM sizes of eastus2 only: " + sizes.keySet());
        assertEquals(new VmSizeSpec("Standard_D8s_v5", "standardDSv5Family", 8, 8, true, 4), sizes.get("Standard_D8s_v5"));
        assertEquals(new VmSizeSpec("Standard_E8-2s_v4", "standardESv4Family", 8, 2, true, 4), sizes.get("Standard_E8-2s_v4"));
        assertEquals(new VmSizeSpec("Standard_A2_v2", "standardAv2Family", 2, 2, false, 0), sizes.get("Standard_A2_v2"));
        assertEquals(new VmSizeSpec("Standard_B2s", "standardBSFamily", 2, 2, false, 3), sizes.get("Standard_B2s"));
    }

    @Test
    void skuCatalogIsCachedPerRegion() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-09-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        SkuCatalogClient catalog = new SkuCatalogClient(env.arm, clock);
        List<VmSizeSpec> first = catalog.fetchVmSizes(SUB, "eastus2");
        VmSizeSpec d8 = first.stream().filter(s -> s.name().equals("Standard_D8s_v5")).findFirst().orElseThrow();
        assertEquals(new VmSizeSpec("Standard_D8s_v5", "standardDSv5Family", 8, 8, true, 4), d8);
        assertNotNull(catalog.fetchVmSizes(SUB, "eastus2"));
        assertEquals(1, env.emulator.count("skus.list"), "second fetch served from cache");

        catalog.fetchVmSizes(SUB, "westeurope");
        assertEquals(2, env.emulator.count("skus.list"), "cache is per region");

        now.set(now.get().plus(Duration.ofHours(6)).plusSeconds(1));
        catalog.fetchVmSizes(SUB, "eastus2");
        assertEquals(3, env.emulator.count("skus.list"), "refreshed after sku-cache-ttl");

        assertThrows(IllegalArgumentException.class, () -> catalog.fetchVmSizes(SUB, "eastus2' or name eq 'x"));
    }

    private static void sku(ArrayNode into, String type, String name, String family, String location, Map<String, String> caps) {
        ObjectNode e = into.addObject();
        e.put("resourceType", type);
        e.put("name", name);
        if (family != null) {
            e.put("family", family);
        }
        e.putArray("locations").add(location);
        ArrayNode c = e.putArray("capabilities");
        caps.forEach((k, v) -> c.addObject().put("name", k).put("value", v));
    }
}
