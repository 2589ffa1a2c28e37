package io.accelconn.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.accelconn.emulator.EmulatorOptions;
import io.accelconn.emulator.FaultRule;
import io.accelconn.emulator.FleetSpec;
import io.accelconn.emulator.FleetSummary;

/** The sweep's inventory walk: Resource Graph joined with the VMs, ARM lists as fallback, positions to resume from. */
class InventoryCursorTest {

    static final String GRAPH = FleetInventoryTest.GRAPH;

    static EmulatedArm env;
    FleetSummary fleet;
    String sub;

    @BeforeAll
    static void start() {
        env = EmulatedArm.start(EmulatorOptions.builder().pageSize(40).build(), "resource-graph.page-size", "50",
                "retry.max-attempts", "2");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void seed() {
        env.emulator.reset();
        fleet = env.emulator.seedFleet(new FleetSpec(1, 120, 3, FleetSpec.DEFAULT_LOCATIONS, 0.7, 0.2, 5));
        sub = fleet.subscriptionIds().get(0);
        env.emulator.resetCounts();
    }

    FleetInventory inventory() {
        return new FleetInventory(env.arm, env.nics);
    }

    static List<FleetNic> walk(InventoryCursor cursor) {
        List<FleetNic> all = new ArrayList<>();
        for (InventoryPage p = cursor.next(); p != null; p = cursor.next()) {
            all.addAll(p.nics());
        }
        return all;
    }

    /** The truth, from ARM GETs: NIC key -> VM size and power state. */
    Map<String, String> vmFacts(List<FleetNic> nics) {
        Map<String, String> facts = new HashMap<>();
        for (FleetNic n : nics) {
            Vm vm = n.nic().vmId() == null ? null : env.vms.get(n.nic().vmId()).orElseThrow();
            facts.put(n.key(), vm == null ? "-" : vm.size() + "/" + vm.powerState());
        }
        return facts;
    }

    static Map<String, String> reported(List<FleetNic> nics) {
        Map<String, String> facts = new HashMap<>();
        nics.forEach(n -> facts.put(n.key(), n.vm() == null ? "-" : n.vm().size() + "/" + n.vm().powerState()));
        return facts;
    }

    @Test
    void resourceGraphRowsCarryTheirVmsSizeAndPowerState() {
        InventoryCursor cursor = inventory().cursor(sub, InventoryPosition.start());
        InventoryPage first = cursor.next();
        assertEquals(120, first.totalRecords());
        List<FleetNic> nics = new ArrayList<>(first.nics());
        nics.addAll(walk(cursor));
        assertEquals(120, nics.size());
        assertEquals(3, env.emulator.count("graph.query"), "120 rows at 50 a page");
        assertEquals(fleet.vms(), nics.stream().filter(n -> n.vm() != null).count());
        assertEquals(vmFacts(nics), reported(nics));
        assertTrue(nics.stream().anyMatch(n -> n.vm() != null && "deallocated".equals(n.vm().powerState())));
        for (int i = 1; i < nics.size(); i++) {
            assertTrue(nics.get(i - 1).key().compareTo(nics.get(i).key()) < 0, "ordered by lower-cased id");
        }
    }

    @Test
    void theArmFallbackDeliversTheVmFactsToo() {
        env.emulator.inject(FaultRule.error("POST", GRAPH, 500, "InternalServerError", null, -1));
        List<FleetNic> nics = walk(inventory().cursor(sub, InventoryPosition.start()));
        assertEquals(120, nics.size());
        assertEquals(vmFacts(nics), reported(nics));
        assertEquals(3, env.emulator.count("nic.list"), "120 NICs at 40 a page");
        assertEquals(2 * ((fleet.vms() + 39) / 40), env.emulator.count("vm.list"), "the VM list and its statusOnly twin, at 40 a page");
        assertTrue(nics.stream().allMatch(n -> n.nic().etag() != null));
    }

    @Test
    void aFallbackMidWalkSkipsWhatResourceGraphAlreadyGave() {
        InventoryCursor cursor = inventory().cursor(sub, InventoryPosition.start());
        List<FleetNic> seen = new ArrayList<>(cursor.next().nics());
        assertEquals(50, seen.size());
        env.emulator.inject(FaultRule.error("POST", GRAPH, 503, "ServiceUnavailable", null, -1));
        seen.addAll(walk(cursor));
        assertEquals(120, seen.size(), "no NIC twice, none missed");
        assertEquals(120, seen.stream().map(FleetNic::key).distinct().count());
        assertEquals(InventoryPosition.Source.ARM, cursor.position().source());
    }

    @Test
    void aCheckpointedPositionResumesTheWalk() {
        InventoryCursor cursor = inventory().cursor(sub, InventoryPosition.start());
        List<FleetNic> first = cursor.next().nics();
        InventoryPosition saved = cursor.position();
        assertNotNull(saved.token());
        assertEquals(first.get(first.size() - 1).key(), saved.lastKey());
        List<FleetNic> rest = walk(inventory().cursor(sub, saved));
        assertEquals(70, rest.size());
        assertTrue(rest.stream().noneMatch(n -> saved.passed(n.key())));
        // Resuming through ARM (Resource Graph switched off meanwhile) skips the same NICs by their keys.
        try (EmulatedArm armOnly = EmulatedArm.startAgainst(env.emulator.baseUrl(), "resource-graph.enabled", "false")) {
            List<FleetNic> viaArm = walk(new FleetInventory(armOnly.arm, armOnly.nics).cursor(sub, saved));
            assertEquals(70, viaArm.size());
        }
        assertNull(walkEnd(inventory().cursor(sub, saved)));
    }

    private static InventoryPage walkEnd(InventoryCursor cursor) {
        while (cursor.next() != null) {
            // to the end
        }
        return cursor.next();
    }
}
