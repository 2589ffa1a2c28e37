package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fleet generation: deterministic, and 100k NICs fast and small enough for tests and benchmarks. */
class ArmEmulatorFleetTest {

    @Test
    void hundredThousandNicsSeedInSecondsAndOneSubscriptionPagesThrough() {
        try (ArmEmulator emulator = ArmEmulator.start(EmulatorOptions.builder().pageSize(1000).build())) {
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();
            FleetSummary fleet = emulator.seedFleet(FleetSpec.of(10, 10_000));
            System.gc();
            long heapAfter = rt.totalMemory() - rt.freeMemory();
            System.out.printf("ARM emulator: seeded %d NICs + %d VMs in %d ms, heap +%d MiB%n", fleet.nics(), fleet.vms(),
                    fleet.elapsedMillis(), (heapAfter - heapBefore) >> 20);
            assertEquals(100_000, fleet.nics());
            assertEquals(10, fleet.subscriptionIds().size());
            assertTrue(fleet.vms() > 60_000 && fleet.vms() < 80_000, "70% attached: " + fleet.vms());
            assertTrue(fleet.acceleratedNics() > 4_000 && fleet.acceleratedNics() < 12_000, "accelerated " + fleet.acceleratedNics());

            RawArm arm = new RawArm(emulator);
            String sub = fleet.subscriptionIds().get(3);
            String next = "/subscriptions/" + sub + "/providers/Microsoft.Network/networkInterfaces?api-version=2025-03-01";
            Set<String> ids = new HashSet<>();
            int pages = 0;
            String previous = "";
            while (next != null) {
                RawArm.Reply r = arm.get(next);
                assertEquals(200, r.status(), r.body());
                JsonNode page = r.json();
                for (JsonNode nic : page.get("value")) {
                    String id = nic.get("id").asText();
                    assertTrue(id.startsWith("/subscriptions/" + sub + "/resourceGroups/rg-fleet-"), id);
                    assertTrue(id.toLowerCase().compareTo(previous) > 0, "stable order");
                    previous = id.toLowerCase();
                    ids.add(id);
                }
                pages++;
                next = page.hasNonNull("nextLink") ? page.get("nextLink").asText() : null;
            }
            assertEquals(10_000, ids.size());
            assertEquals(10, pages);
            assertEquals(10, emulator.count("nic.list"));
        }
    }

    @Test
    void sameSpecSameFleet() {
        FleetSpec spec = new FleetSpec(2, 50, 3, List.of("eastus2", "brazilsouth"), 0.7, 0.3, 1234);
        try (ArmEmulator a = ArmEmulator.start(0); ArmEmulator b = ArmEmulator.start(0)) {
            FleetSummary first = a.seedFleet(spec);
            FleetSummary second = b.seedFleet(spec);
            assertEquals(first.subscriptionIds(), second.subscriptionIds());
            String nic = "/subscriptions/" + first.subscriptionIds().get(1)
                    + "/resourceGroups/rg-fleet-02/providers/Microsoft.Network/networkInterfaces/nic-000041";
            assertEquals(a.nic(nic).orElseThrow(), b.nic(nic).orElseThrow());
            assertEquals(first.vms(), second.vms());
            assertEquals(first.acceleratedNics(), second.acceleratedNics());
        }
    }

    @Test
    void generatedResourcesAreConsistent() {
        try (ArmEmulator emulator = ArmEmulator.start(0)) {
            FleetSummary fleet = emulator.seedFleet(new FleetSpec(1, 400, 2, null, 0.8, 0.25, 77));
            String sub = fleet.subscriptionIds().get(0);
            int accelerated = 0;
            for (int k = 0; k < 400; k++) {
                String rg = FleetGenerator.resourceGroup(k % 2);
                String nicId = "/subscriptions/" + sub + "/resourceGroups/" + rg
                        + "/providers/Microsoft.Network/networkInterfaces/" + String.format("nic-%06d", k);
                JsonNode nic = emulator.nic(nicId).orElseThrow();
                JsonNode p = nic.get("properties");
                if ("AcceleratedConnections".equals(p.path("auxiliaryMode").asText())) {
                    accelerated++;
                    assertTrue(p.get("enableAcceleratedNetworking").asBoolean());
                    assertTrue(List.of("A1", "A2", "A4", "A8").contains(p.get("auxiliarySku").asText()));
                    assertEquals("true", nic.at("/tags/fastpathenabled").asText());
                }
                String vmId = p.path("virtualMachine").path("id").asText(null);
                if (vmId != null) {
                    JsonNode vm = emulator.vm(vmId).orElseThrow();
                    assertEquals(nicId, vm.at("/properties/networkProfile/networkInterfaces/0/id").asText());
                    assertEquals(nic.get("location").asText(), vm.get("location").asText());
                    String size = vm.at("/properties/hardwareProfile/vmSize").asText();
                    assertTrue(FleetGenerator.SIZES.stream().anyMatch(s -> s.name().equals(size)), size);
                    if (size.equals("Standard_B2s")) assertFalse(p.get("enableAcceleratedNetworking").asBoolean());
                    assertTrue(emulator.powerState(vmId).isPresent());
                }
            }
            assertEquals(fleet.acceleratedNics(), accelerated);
        }
    }
}
