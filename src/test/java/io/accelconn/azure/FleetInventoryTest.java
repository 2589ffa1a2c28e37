package io.accelconn.azure;

import io.accelconn.emulator.EmulatorOptions;
import io.accelconn.emulator.FaultRule;
import io.accelconn.emulator.FleetSpec;
import io.accelconn.emulator.FleetSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetInventoryTest {

    static final String GRAPH = "/providers/Microsoft.ResourceGraph/resources";

    static EmulatedArm env;
    FleetSummary fleet;
    Set<String> allIds;

    @BeforeAll
    static void start() {
        env = EmulatedArm.start(EmulatorOptions.builder().pageSize(50).build(),
                "resource-graph.page-size", "100", "retry.max-attempts", "2");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void seed() {
        env.emulator.reset();
        fleet = env.emulator.seedFleet(new FleetSpec(3, 120, 4, FleetSpec.DEFAULT_LOCATIONS, 0.7, 0.2, 11));
        allIds = new HashSet<>();
        for (String sub : fleet.subscriptionIds()) {
            env.nics.listBySubscription(sub).forEach(n -> allIds.add(n.id().toLowerCase()));
        }
        assertEquals(360, allIds.size());
        env.emulator.resetCounts();
    }

    FleetInventory inventory(EmulatedArm on) {
        return new FleetInventory(on.arm, on.nics);
    }

    @Test
    void pagesThroughResourceGraphWithSkipToken() {
        List<Nic> nics = inventory(env).nics(fleet.subscriptionIds()).toList();

        assertEquals(360, nics.size());
        assertEquals(allIds, ids(nics));
        assertEquals(4, env.emulator.count("graph.query"), "360 rows at 100 per page");
        assertEquals(0, env.emulator.count("nic.list"));
        Nic any = nics.get(0);
        assertNull(any.etag(), "Resource Graph has no ETag");
        assertTrue(any.location() != null && any.resourceGroup() != null && any.name() != null);
        long attached = nics.stream().filter(n -> n.vmId() != null).count();
        long accelerated = nics.stream().filter(n -> n.auxiliaryMode().equals("AcceleratedConnections")).count();
        assertEquals(fleet.vms(), attached);
        assertEquals(fleet.acceleratedNics(), accelerated);
        assertTrue(nics.stream().filter(n -> n.auxiliaryMode().equals("AcceleratedConnections"))
                .allMatch(n -> !n.auxiliarySku().equals("None")));
    }

    @Test
    void isLazy() {
        Iterator<Nic> it = inventory(env).nics(fleet.subscriptionIds()).iterator();
        for (int i = 0; i < 150; i++) {
            it.next();
        }
        assertEquals(2, env.emulator.count("graph.query"));
    }

    @Test
    void onlyTheRequestedSubscriptions() {
        List<Nic> nics = inventory(env).nics(List.of(fleet.subscriptionIds().get(1))).toList();
        assertEquals(120, nics.size());
        assertTrue(nics.stream().allMatch(n -> n.subscriptionId().equalsIgnoreCase(fleet.subscriptionIds().get(1))));
        assertThrows(InvalidResourceIdException.class, () -> inventory(env).nics(List.of("not-a-subscription")));
    }

    @Test
    void fallsBackToArmWhenResourceGraphFails() {
        env.emulator.inject(FaultRule.error("POST", GRAPH, 500, "InternalServerError", null, -1));
        List<Nic> nics = inventory(env).nics(fleet.subscriptionIds()).toList();
        assertEquals(allIds, ids(nics));
        assertEquals(360, nics.size());
        assertEquals(2, env.emulator.count("graph.query"), "one query, retried once, then ARM");
        assertEquals(3 * 3, env.emulator.count("nic.list"), "120 NICs at 50 per page, 3 subscriptions");
        assertTrue(nics.stream().allMatch(n -> n.etag() != null), "ARM listing carries ETags");
    }

    @Test
    void failureMidwayListsOnlyUnfinishedSubscriptionsThroughArm() {
        Iterator<Nic> it = inventory(env).nics(fleet.subscriptionIds()).iterator();
        Set<String> seen = new HashSet<>();
        int yielded = 0;
        // Pages 1 and 2 (200 rows) finish the first subscription and start the second.
        for (int i = 0; i < 200; i++) {
            seen.add(it.next().id().toLowerCase());
            yielded++;
        }
        env.emulator.inject(FaultRule.error("POST", GRAPH, 503, "ServiceUnavailable", null, -1));
        while (it.hasNext()) {
            seen.add(it.next().id().toLowerCase());
            yielded++;
        }
        assertEquals(allIds, seen, "no NIC missed");
        assertEquals(120 + 80 + 120 + 120, yielded, "only the NICs of the unfinished second subscription repeat");
        assertEquals(3 * 2, env.emulator.count("nic.list"), "the first subscription is not listed again");
    }

    @Test
    void disabledResourceGraphListsThroughArm() {
        try (EmulatedArm off = EmulatedArm.startAgainst(env.emulator.baseUrl(), "resource-graph.enabled", "false")) {
            List<Nic> nics = inventory(off).nics(fleet.subscriptionIds()).toList();
            assertEquals(allIds, ids(nics));
            assertEquals(0, env.emulator.count("graph.query"));
        }
    }

    @Test
    void resourceGraphQuotaHeaderIsReadable() {
        assertEquals(Duration.ofMillis(4200), FleetInventory.parseHms("00:00:04.2"));
        assertEquals(Duration.ofSeconds(3661), FleetInventory.parseHms("01:01:01"));
        assertFalse(FleetInventory.NIC_QUERY.contains("etag"), "Resource Graph's resources table has no etag column");
    }

    private static Set<String> ids(List<Nic> nics) {
        Set<String> ids = new HashSet<>();
        nics.forEach(n -> ids.add(n.id().toLowerCase()));
        return ids;
    }
}
