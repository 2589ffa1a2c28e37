package io.accelconn.events;

import static io.accelconn.events.EventsFixtures.MAPPER;
import static io.accelconn.events.EventsFixtures.SUB;
import static io.accelconn.events.EventsFixtures.nicEvent;
import static io.accelconn.events.EventsFixtures.putNic;
import static io.accelconn.events.EventsFixtures.putVm;
import static io.accelconn.events.EventsFixtures.writeEvent;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.audit.RestartEntry;
import io.accelconn.audit.RestartJournal;
import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.FaultRule;
import io.accelconn.emulator.OperationFault;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.SharedReference;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The write path under chaos: 100 NICs on 40 VMs (some with two NICs, some stopped by their
 * owner, some resized mid-run), 500 deliveries with redeliveries and concurrent duplicates,
 * random 5xx, 429, 409, 412, slow operation polls and permanent 400s injected into the ARM
 * emulator, restarts opted in. Then the safety invariants are checked, and the counts printed.
 * Seeded: {@code -Daccelconn.chaos.seed=<n>} replays a run (the seed is printed).
 */
@QuarkusTest
@TestProfile(SafetyProfile.class)
class ChaosTest {

    @Inject
    RestartJournal journal;

    static final int NICS = 100;
    static final int VMS = 40;
    static final int DELIVERIES = 500;
    static final int WORKERS = 8;
    static final List<String> SIZES = List.of("Standard_D4s_v4", "Standard_D8s_v4", "Standard_D16s_v4", "Standard_F8s_v2",
            "Standard_E16s_v5", "Standard_D32s_v4");
    static final Set<String> RESTART_STATES = Set.of("running", "deallocating", "deallocated", "starting");

    record Vm(String id, String initialPower, List<String> nics) {
    }

    record Delivery(String eventId, String body, List<String> nics) {
    }

    final Map<String, LongAdder> counts = new TreeMap<>();

    void count(String what) {
        synchronized (counts) {
            counts.computeIfAbsent(what, k -> new LongAdder()).increment();
        }
    }

    @Test
    void invariantsHoldUnderInjectedFaults() throws Exception {
        long seed = Long.getLong("accelconn.chaos.seed", System.nanoTime());
        System.out.println("chaos seed: " + seed + " (replay with -Daccelconn.chaos.seed=" + seed + ")");
        Random random = new Random(seed);
        long startedAt = System.nanoTime();
        ArmEmulator arm = ArmEmulatorResource.emulator();
        arm.clearFaults();
        String run = "chaos" + Long.toHexString(seed & 0xffffffL);

        // ---- the fleet ---------------------------------------------------------------------------
        List<Vm> vms = new ArrayList<>();
        List<String> nics = new ArrayList<>();
        Map<String, String> vmOfNic = new HashMap<>();
        int n = 0;
        for (int v = 0; v < VMS; v++) {
            int nicCount = v < 20 ? 2 : 1;
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < nicCount; k++) {
                ids.add(putNic(arm, SUB, run + "-nic" + n++, "eastus2", Map.of()));
            }
            double p = random.nextDouble();
            String power = p < 0.6 ? "running" : p < 0.85 ? "deallocated" : "stopped";
            // Most running VMs allow the restart; a few do not, and stay DEFERRED.
            Map<String, String> tags = power.equals("running") && random.nextDouble() < 0.2 ? Map.of()
                    : Map.of("accelconn-allow-restart", "true");
            String vm = putVm(arm, run + "-vm" + v, SIZES.get(random.nextInt(SIZES.size())), power, ids, tags,
                    OffsetDateTime.now().minusMinutes(5));
            vms.add(new Vm(vm, power, ids));
            ids.forEach(id -> vmOfNic.put(id, vm));
            nics.addAll(ids);
        }
        while (n < NICS) {
            // NICs deployed ahead of their VM: most name their size, some do not (DEFERRED NO_VM_SIZE),
            // some are in a region without the feature (INELIGIBLE).
            double p = random.nextDouble();
            Map<String, String> tags = p < 0.8 ? Map.of("accelconn-vm-size", SIZES.get(random.nextInt(SIZES.size()))) : Map.of();
            nics.add(putNic(arm, SUB, run + "-nic" + n++, p > 0.9 ? "brazilsouth" : "eastus2", tags));
        }
        // Permanent refusals: three NICs whose writes ARM always refuses.
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String nic = nics.get(random.nextInt(nics.size()));
            refused.add(nic);
            arm.inject(FaultRule.error("PUT", last(nic) + "$", 400, "SubscriptionNotRegisteredForFeature", null, -1));
        }
        // Warm up before the clock of Event Grid's 30 s starts: the first call builds the ARM
        // clients and the tables, which on a busy 2-core machine takes seconds.
        String warmup = putNic(arm, SUB, run + "-warmup", "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        given().contentType(ContentType.JSON).body("[" + nicEvent(uuid(random), warmup) + "]").when().post("/events")
                .then().statusCode(200);
        runRestartJournal();
        arm.resetCounts();

        // ---- the deliveries ----------------------------------------------------------------------
        List<Delivery> firsts = new ArrayList<>();
        for (String nic : nics) {
            firsts.add(delivery(nicEvent(uuid(random), nic), List.of(nic)));
        }
        for (Vm vm : vms) {
            firsts.add(delivery(writeEvent(uuid(random), ResourceEvent.VM_WRITE, vm.id()), vm.nics()));
        }
        Collections.shuffle(firsts, random);
        List<Delivery> schedule = new ArrayList<>();
        List<Delivery> seen = new ArrayList<>();
        int next = 0;
        while (schedule.size() < DELIVERIES) {
            double p = random.nextDouble();
            Delivery d;
            if (next < firsts.size() && (p < 0.45 || seen.isEmpty())) {
                d = firsts.get(next++);
                seen.add(d);
            } else {
                d = seen.get(random.nextInt(seen.size())); // a redelivery
            }
            schedule.add(d);
            if (random.nextDouble() < 0.1 && schedule.size() < DELIVERIES) {
                schedule.add(d); // a concurrent duplicate: the next worker takes it at once
            }
        }
        for (int i = next; i < firsts.size(); i++) {
            schedule.add(firsts.get(i)); // every event is delivered at least once
        }
        // Resizes mid-run: eight VMs change size, and ARM reports each with a VM write event.
        Map<Integer, Vm> resizeAt = new HashMap<>();
        Map<String, Integer> resizes = new ConcurrentHashMap<>();
        for (int i = 0; i < 8; i++) {
            resizeAt.put(50 + random.nextInt(DELIVERIES - 100), vms.get(random.nextInt(vms.size())));
        }

        // ---- chaos -------------------------------------------------------------------------------
        AtomicBoolean running = new AtomicBoolean(true);
        Random monkeyRandom = new Random(seed ^ 0x5DEECE66DL);
        Thread monkey = new Thread(() -> {
            while (running.get()) {
                inject(arm, monkeyRandom, nics, vms);
                count("faults");
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "chaos-monkey");
        monkey.setDaemon(true);
        monkey.start();

        Map<String, List<String>> decisions = new ConcurrentHashMap<>();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<Delivery> toRedeliver = new ConcurrentLinkedQueue<>();
        java.util.function.IntConsumer deliver = i -> {
            Vm resized = resizeAt.get(i);
            if (resized != null) {
                String size = SIZES.get(Math.floorMod(i, SIZES.size()));
                arm.resizeVm(resized.id(), size);
                resizes.merge(resized.id(), 1, Integer::sum);
                count("resizes");
                // ARM reports the resize with a VM write event.
                deliverOnce(delivery(writeEvent(uuid(new Random(seed + i)), ResourceEvent.VM_WRITE, resized.id()),
                        resized.nics()), decisions, toRedeliver);
            }
            deliverOnce(schedule.get(i), decisions, toRedeliver);
        };
        AtomicInteger cursor = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < WORKERS; t++) {
            workers.add(pool.submit(() -> {
                for (int i = cursor.getAndIncrement(); i < schedule.size(); i = cursor.getAndIncrement()) {
                    try {
                        deliver.accept(i);
                    } catch (Exception | AssertionError e) {
                        errors.add(i + ": " + e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get(120, TimeUnit.SECONDS);
        }
        running.set(false);
        monkey.join();
        arm.clearFaults();
        // Event Grid keeps delivering what was answered 503 (up to 30 times).
        for (int round = 0; round < 30 && !toRedeliver.isEmpty(); round++) {
            List<Delivery> again = new ArrayList<>(toRedeliver);
            toRedeliver.clear();
            for (Delivery d : again) {
                deliverOnce(d, decisions, toRedeliver);
            }
        }
        pool.shutdown();
        assertTrue(errors.isEmpty(), errors.size() + " deliveries failed: " + errors.subList(0, Math.min(5, errors.size())));
        assertTrue(toRedeliver.isEmpty(), "every event was answered 200 in the end: " + toRedeliver.size() + " left");
        long deliveredAt = System.nanoTime();
        // What the timer would find: VMs whose start failed and no later delivery touched. An operation whose
        // polls failed may still be running in ARM (a deallocation or start the emulator slowed down): its entry
        // waits while the VM is neither running nor deallocated, or its start fails again, and the timer, every
        // 5 minutes on Azure, tries again. Here the timer runs again until nothing is open, for at most 30 s; an
        // entry held by a cycle that never ended would stay held for its 15-minute lease and still fail this.
        LongAdder startedByTimer = counts.computeIfAbsent("journal.started-by-timer", k -> new LongAdder());
        JsonNode journalRun = runRestartJournal();
        startedByTimer.add(journalRun.path("ReturnValue").path("started").asInt());
        long settleBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int timerRuns = 1;
        while (journalRun.path("ReturnValue").path("open").asInt() > 0 && System.nanoTime() < settleBy) {
            Thread.sleep(250);
            journalRun = runRestartJournal();
            startedByTimer.add(journalRun.path("ReturnValue").path("started").asInt());
            timerRuns++;
        }
        counts.computeIfAbsent("journal.timer-runs", k -> new LongAdder()).add(timerRuns);
        JsonNode again = runRestartJournal();
        assertEquals(0, again.path("ReturnValue").path("open").asInt(), () -> "no restart left open: " + again
                + openEntries(arm));

        // ---- invariants --------------------------------------------------------------------------
        for (Vm vm : vms) {
            List<String> states = arm.powerStates(vm.id());
            String now = arm.powerState(vm.id()).orElseThrow();
            // Its owner chose the VM's power state: a running VM may pass through a restart and must
            // end running; a stopped or deallocated one is never touched.
            if (vm.initialPower().equals("running")) {
                assertEquals("running", now, vm.id() + " was running: " + states);
                assertTrue(RESTART_STATES.containsAll(states), vm.id() + " passed only through a restart: " + states);
            } else {
                assertEquals(List.of(vm.initialPower()), states, vm.id() + " was " + vm.initialPower() + ": never touched");
            }
            long deallocations = states.stream().filter("deallocating"::equals).count();
            counts.computeIfAbsent("vm.deallocations", k -> new LongAdder()).add(deallocations);
            if (deallocations > 0) {
                count("vms.restarted");
            }
        }
        Map<String, List<JsonNode>> records = new HashMap<>();
        for (String nic : nics) {
            List<JsonNode> list = new ArrayList<>();
            given().queryParam("nicId", nic).queryParam("limit", "1000").when().get("/audit").then().statusCode(200)
                    .extract().as(JsonNode.class).forEach(list::add);
            records.put(nic.toLowerCase(), list);
        }
        for (Delivery d : delivered) {
            for (String nic : d.nics()) {
                assertTrue(decisions.containsKey(d.eventId() + " " + nic.toLowerCase()), "no decision for " + d.eventId()
                        + " and " + nic);
            }
        }
        counts.computeIfAbsent("events", k -> new LongAdder()).add(delivered.size());
        for (Map.Entry<String, List<String>> pair : decisions.entrySet()) {
            assertEquals(1, pair.getValue().size(), "one decision for " + pair.getKey() + ": " + pair.getValue());
            String[] eventAndNic = pair.getKey().split(" ", 2);
            long recorded = records.getOrDefault(eventAndNic[1].toLowerCase(), List.of()).stream()
                    .filter(r -> r.path("eventId").asText().equals(eventAndNic[0])).count();
            assertEquals(1, recorded, "one record for " + pair.getKey());
            count("decision." + pair.getValue().get(0));
        }
        for (String nic : nics) {
            JsonNode now = arm.nic(nic).orElseThrow();
            boolean compliant = compliant(arm, nic, now, vmOfNic.get(nic));
            List<JsonNode> list = records.get(nic.toLowerCase());
            JsonNode latest = list.isEmpty() ? null : list.get(0);
            assertTrue(compliant || latest != null && latest.path("reasons").size() > 0,
                    nic + " is compliant or its last record says why: " + latest);
            count(compliant ? "nics.compliant" : "nics.with-reason");
            String vm = vmOfNic.get(nic);
            long allowed = 1 + (vm == null ? 0 : resizes.getOrDefault(vm, 0));
            long writes = arm.nicWrites(nic);
            assertTrue(writes <= allowed, nic + ": " + writes + " writes for " + allowed + " needed changes at most");
            counts.computeIfAbsent("nic.writes", k -> new LongAdder()).add(writes);
        }

        Map<String, Long> printed = new LinkedHashMap<>();
        counts.forEach((k, v) -> printed.put(k, v.sum()));
        arm.counts().forEach((k, v) -> printed.put("arm." + k, v));
        printed.put("seconds.deliveries", TimeUnit.NANOSECONDS.toSeconds(deliveredAt - startedAt));
        printed.put("seconds.total", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt));
        StringBuilder out = new StringBuilder("chaos seed " + seed + ":");
        printed.forEach((k, v) -> out.append("\n  ").append(k).append(" = ").append(v));
        System.out.println(out);
    }

    /** The open restart journal entries as they stand, with their VMs' power-state history: what a failure needs. */
    String openEntries(ArmEmulator arm) {
        StringBuilder out = new StringBuilder();
        for (RestartEntry e : journal.listOpen(null)) {
            out.append("\n  ").append(last(e.vmId())).append(": holder ").append(e.holder()).append(", heartbeat ")
                    .append(e.heartbeatAt()).append(", deallocation asked ").append(e.deallocateRequestedAt())
                    .append(", source ").append(e.source()).append(", starts ").append(e.startAttempts())
                    .append(", last error ").append(e.lastError()).append(", checked at ").append(java.time.Instant.now())
                    .append(", power states ").append(arm.powerStates(e.vmId()));
        }
        return out.toString();
    }

    /** Every event delivered at least once, with the NICs it names (a VM event: the VM's NICs). */
    final Set<Delivery> delivered = ConcurrentHashMap.newKeySet();

    void deliverOnce(Delivery d, Map<String, List<String>> decisions, ConcurrentLinkedQueue<Delivery> toRedeliver) {
        delivered.add(d);
        Response r = given().contentType(ContentType.JSON).body(d.body()).when().post("/events");
        count("deliveries");
        count("answer." + r.statusCode());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 503, "200 or 503, not " + r.statusCode() + ": " + r.asString());
        JsonNode result = r.as(JsonNode.class).path("results").path(0);
        for (JsonNode nic : result.path("nics")) {
            String decision = nic.path("decision").asText();
            if (!decision.equals("DUPLICATE")) {
                decisions.computeIfAbsent(d.eventId() + " " + nic.path("nicId").asText().toLowerCase(),
                        k -> Collections.synchronizedList(new ArrayList<>())).add(decision);
            }
        }
        if (r.statusCode() == 503) {
            count("retry." + result.path("code").asText());
            toRedeliver.add(d);
        }
    }

    /** One random fault, used once to a few times: what ARM does to a busy fleet. */
    static void inject(ArmEmulator arm, Random random, List<String> nics, List<Vm> vms) {
        String nic = "/networkInterfaces/" + last(nics.get(random.nextInt(nics.size()))) + "$";
        String vm = "/virtualMachines/" + last(vms.get(random.nextInt(vms.size())).id());
        int times = 1 + random.nextInt(2);
        switch (random.nextInt(9)) {
            case 0 -> arm.inject(FaultRule.error("GET", nic, 500, "InternalServerError", null, times));
            case 1 -> arm.inject(FaultRule.error("PUT", nic, 503, "ServiceUnavailable", null, times));
            case 2 -> arm.inject(FaultRule.error(null, nic, 429, "SubscriptionRequestsThrottled", null, times));
            case 3 -> arm.inject(FaultRule.error("PUT", nic, 409, "AnotherOperationInProgress", null, times));
            case 4 -> arm.inject(FaultRule.error("PUT", nic, 412, "PreconditionFailed", null, 1));
            case 5 -> arm.inject(FaultRule.delay("GET", "/operations/", 100 + random.nextInt(200), times));
            case 6 -> arm.inject(FaultRule.error("GET", vm + "$", 502, "BadGateway", null, times));
            case 7 -> arm.inject(FaultRule.error("GET", "/operations/", 500, "InternalServerError", null, times));
            default -> arm.inject(new OperationFault("POST", vm + "/start", "AllocationFailed", 1));
        }
    }

    /** Compliant as the policy says: mode, the tier /eligibility gives for its (VM's) size, the tag. */
    static boolean compliant(ArmEmulator arm, String nicId, JsonNode nic, String vmId) {
        JsonNode props = nic.path("properties");
        if (!"AcceleratedConnections".equals(props.path("auxiliaryMode").asText())
                || !"true".equalsIgnoreCase(nic.path("tags").path("fastpathenabled").asText())) {
            return false;
        }
        String size = vmId == null ? nic.path("tags").path("accelconn-vm-size").asText(null)
                : arm.vm(vmId).orElseThrow().path("properties").path("hardwareProfile").path("vmSize").asText();
        String tier = given().contentType(ContentType.JSON)
                .body(MAPPER.createObjectNode().put("region", nic.path("location").asText()).put("vmSize", size)
                        .put("acceleratedNetworking", true).toString())
                .when().post("/eligibility").then().statusCode(200).extract().path("tier");
        return props.path("auxiliarySku").asText().equals(tier);
    }

    static JsonNode runRestartJournal() {
        return given().contentType(ContentType.JSON).body(SharedReference.text("functions/timer-trigger.request.captured.json"))
                .when().post("/restart-journal").then().statusCode(200).extract().as(JsonNode.class);
    }

    static Delivery delivery(String event, List<String> nics) {
        try {
            return new Delivery(MAPPER.readTree(event).path("id").asText(), "[" + event + "]", nics);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String uuid(Random random) {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    static String last(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }
}
