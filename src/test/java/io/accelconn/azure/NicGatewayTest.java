package io.accelconn.azure;

import com.azure.core.management.exception.ManagementException;
import io.accelconn.emulator.EmulatorOptions;
import io.accelconn.emulator.FleetSpec;
import io.accelconn.emulator.FleetSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.accelconn.azure.EmulatedArm.nicBody;
import static io.accelconn.azure.EmulatedArm.nicId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NicGatewayTest {

    static final String NIC = nicId("fw-nic-01");
    static final NicChange ACCELERATE = new NicChange("AcceleratedConnections", "A2", Map.of("fastpathenabled", "true"));

    static EmulatedArm env;
    final List<String> writes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        env = EmulatedArm.start(EmulatorOptions.builder().pageSize(7).lroPollsBeforeSucceeded(2).build(),
                "etag-max-attempts", "3");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void seed() {
        env.emulator.reset();
        env.emulator.onNicWrite(writes::add);
        env.emulator.putNic(NIC, nicBody("eastus2", Map.of("owner", "alice", "costCenter", "42")));
    }

    @Test
    void getReturnsTheNicWithItsEtag() {
        Nic nic = env.nics.get(NIC).orElseThrow();
        assertEquals(env.etagOf(NIC), nic.etag());
        assertEquals(NIC, nic.id());
        assertEquals(EmulatedArm.SUB, nic.subscriptionId());
        assertEquals(EmulatedArm.RG, nic.resourceGroup());
        assertEquals("fw-nic-01", nic.name());
        assertEquals("eastus2", nic.location());
        assertEquals("Succeeded", nic.provisioningState());
        assertEquals("None", nic.auxiliaryMode());
        assertEquals("None", nic.auxiliarySku());
        assertTrue(nic.acceleratedNetworking());
        assertEquals(Map.of("owner", "alice", "costCenter", "42"), nic.tags());
        assertNull(nic.vmId());
        assertEquals(1, env.emulator.count("nic.get"));
    }

    @Test
    void getOfAMissingNicIsEmptyAndNotRetried() {
        assertEquals(Optional.empty(), env.nics.get(nicId("nope")));
        assertEquals(1, env.emulator.count("nic.get"));
    }

    @Test
    void hostileIdsNeverReachArm() {
        assertThrows(InvalidResourceIdException.class, () -> env.nics.get(NIC + "/../../x"));
        assertThrows(InvalidResourceIdException.class, () -> env.nics.apply(NIC + "%2F..", nic -> Optional.of(ACCELERATE)));
        assertThrows(InvalidResourceIdException.class, () -> env.nics.get(EmulatedArm.vmId("vm1")));
        assertEquals(0, env.emulator.count("total"));
    }

    @Test
    void listsFollowNextLinkAcrossPages() {
        env.emulator.reset();
        FleetSummary fleet = env.emulator.seedFleet(new FleetSpec(2, 40, 3, FleetSpec.DEFAULT_LOCATIONS, 0.5, 0.1, 7));
        String sub = fleet.subscriptionIds().get(0);
        List<Nic> all = env.nics.listBySubscription(sub).toList();
        assertEquals(40, all.size());
        assertEquals(40, all.stream().map(Nic::id).distinct().count());
        assertTrue(all.stream().allMatch(n -> n.subscriptionId().equalsIgnoreCase(sub)));
        assertTrue(all.stream().allMatch(n -> n.etag() != null));
        assertEquals(6, env.emulator.count("nic.list"), "40 NICs at 7 per page");

        env.emulator.resetCounts();
        String rg = fleet.resourceGroups().get(1);
        List<Nic> inGroup = env.nics.listByResourceGroup(sub, rg).toList();
        long expected = all.stream().filter(n -> n.resourceGroup().equalsIgnoreCase(rg)).count();
        assertTrue(expected > 7, "the group spans more than one page");
        assertEquals(expected, inGroup.size());
        assertTrue(inGroup.stream().allMatch(n -> n.resourceGroup().equalsIgnoreCase(rg)));
        assertEquals((expected + 6) / 7, env.emulator.count("nic.list"));
    }

    @Test
    void listingIsLazy() {
        env.emulator.reset();
        FleetSummary fleet = env.emulator.seedFleet(FleetSpec.of(1, 70));
        assertEquals(10, env.nics.listBySubscription(fleet.subscriptionIds().get(0)).limit(10).count());
        assertTrue(env.emulator.count("nic.list") <= 2, "only the pages consumed are fetched");
    }

    @Test
    void applySetsModeTierAndTagsKeepingUserTags() {
        String etag = env.etagOf(NIC);
        WriteOutcome outcome = env.nics.apply(NIC, nic -> Optional.of(ACCELERATE));

        assertTrue(outcome.written());
        assertEquals(1, outcome.attempts());
        assertEquals(etag, outcome.before().etag());
        assertEquals("AcceleratedConnections", outcome.after().auxiliaryMode());
        assertEquals("A2", outcome.after().auxiliarySku());
        assertEquals("Succeeded", outcome.after().provisioningState());
        assertEquals(Map.of("owner", "alice", "costCenter", "42", "fastpathenabled", "true"), outcome.after().tags());

        var stored = env.emulator.nic(NIC).orElseThrow();
        assertEquals("AcceleratedConnections", stored.path("properties").path("auxiliaryMode").asText());
        assertEquals("A2", stored.path("properties").path("auxiliarySku").asText());
        assertEquals("alice", stored.path("tags").path("owner").asText());
        assertEquals("true", stored.path("tags").path("fastpathenabled").asText());
        assertEquals("ipconfig1", stored.path("properties").path("ipConfigurations").path(0).path("name").asText(),
                "the rest of the NIC is written back as read");
        assertEquals(1, env.emulator.count("nic.put"));
        assertTrue(env.emulator.count("operation.get") >= 1, "waited for the long-running operation");
        env.emulator.awaitNicWriteListeners();
        assertEquals(List.of(NIC.toLowerCase()), writes.stream().map(String::toLowerCase).toList());
    }

    @Test
    void applyWhenAlreadyDesiredWritesNothing() {
        env.nics.apply(NIC, nic -> Optional.of(ACCELERATE));
        env.emulator.resetCounts();

        WriteOutcome again = env.nics.apply(NIC, nic -> Optional.of(ACCELERATE));
        assertFalse(again.written());
        WriteOutcome nothing = env.nics.apply(NIC, nic -> Optional.empty());
        assertFalse(nothing.written());
        assertEquals(nothing.before(), nothing.after());
        // A tag that differs only in the case of its name is already there: ARM tag names ignore case.
        WriteOutcome caseOnly = env.nics.apply(NIC, nic -> Optional.of(
                new NicChange(null, null, Map.of("FastPathEnabled", "true"))));
        assertFalse(caseOnly.written());

        assertEquals(0, env.emulator.count("nic.put"));
        assertEquals(3, env.emulator.count("nic.get"));
    }

    @Test
    void lostRaceRereadsAndRedecidesWithoutOverwriting() {
        AtomicInteger decisions = new AtomicInteger();
        Set<String> seenEtags = new HashSet<>();
        WriteOutcome outcome = env.nics.apply(NIC, nic -> {
            seenEtags.add(nic.etag());
            if (decisions.incrementAndGet() == 1) {
                // Someone else (portal, pipeline) writes between our read and our write.
                env.emulator.mutateNic(NIC, n -> n.with("tags").put("team", "red"));
            }
            return Optional.of(ACCELERATE);
        });

        assertTrue(outcome.written());
        assertEquals(2, outcome.attempts());
        assertEquals(2, decisions.get());
        assertEquals(2, seenEtags.size(), "the second decision saw the fresh state");
        assertEquals("red", outcome.before().tags().get("team"));
        assertEquals(Map.of("owner", "alice", "costCenter", "42", "team", "red", "fastpathenabled", "true"),
                outcome.after().tags(), "the concurrent writer's tag survives");
        assertEquals(2, env.emulator.count("nic.put"), "one PUT refused with 412, one accepted");
        env.emulator.awaitNicWriteListeners();
        assertEquals(1, writes.size(), "exactly one write");
    }

    @Test
    void lostRaceCanTurnIntoNothingToDo() {
        AtomicInteger decisions = new AtomicInteger();
        WriteOutcome outcome = env.nics.apply(NIC, nic -> {
            if (decisions.incrementAndGet() == 1) {
                env.emulator.mutateNic(NIC, n -> {
                    n.with("properties").put("auxiliaryMode", "MaxConnections").put("auxiliarySku", "A1");
                });
                return Optional.of(ACCELERATE);
            }
            // MaxConnections belongs to another feature: never overwrite it silently.
            return "MaxConnections".equals(nic.auxiliaryMode()) ? Optional.empty() : Optional.of(ACCELERATE);
        });
        assertFalse(outcome.written());
        assertEquals(2, outcome.attempts());
        assertEquals("MaxConnections", env.emulator.nic(NIC).orElseThrow().path("properties").path("auxiliaryMode").asText());
        env.emulator.awaitNicWriteListeners();
        assertEquals(0, writes.size());
    }

    @Test
    void endlessRaceGivesUpWithoutWriting() {
        AtomicInteger round = new AtomicInteger();
        ConcurrentNicUpdateException e = assertThrows(ConcurrentNicUpdateException.class, () -> env.nics.apply(NIC, nic -> {
            env.emulator.mutateNic(NIC, n -> n.with("tags").put("round", Integer.toString(round.incrementAndGet())));
            return Optional.of(ACCELERATE);
        }));
        assertEquals(3, e.attempts());
        assertEquals(ConcurrentNicUpdateException.REASON_CODE, e.reasonCode());
        assertEquals(3, env.emulator.count("nic.put"));
        env.emulator.awaitNicWriteListeners();
        assertEquals(0, writes.size());
        assertEquals("None", env.emulator.nic(NIC).orElseThrow().path("properties").path("auxiliaryMode").asText());
    }

    @Test
    void applyToAMissingNic() {
        NicNotFoundException e = assertThrows(NicNotFoundException.class,
                () -> env.nics.apply(nicId("gone"), nic -> Optional.of(ACCELERATE)));
        assertEquals(NicNotFoundException.REASON_CODE, e.reasonCode());
        assertEquals(0, env.emulator.count("nic.put"));
    }

    @Test
    void armRejectionIsNotRetried() {
        // AcceleratedConnections without a tier: the network RP answers 400.
        ManagementException e = assertThrows(ManagementException.class, () -> env.nics.apply(NIC,
                nic -> Optional.of(new NicChange("AcceleratedConnections", "None", Map.of()))));
        assertEquals(400, e.getResponse().getStatusCode());
        assertEquals("InvalidParameter", e.getValue().getCode());
        assertEquals(1, env.emulator.count("nic.put"));
        env.emulator.awaitNicWriteListeners();
        assertEquals(0, writes.size());
        Set<String> reasons = env.meters.find(ArmMetrics.RETRIES).counters().stream()
                .map(c -> c.getId().getTag("reason")).collect(Collectors.toSet());
        assertTrue(reasons.isEmpty(), "no retries: " + reasons);
        assertNotEquals(0, env.meter(ArmMetrics.REQUESTS, "method", "PUT"));
    }
}
