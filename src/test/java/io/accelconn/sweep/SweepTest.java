package io.accelconn.sweep;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.FaultRule;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.QueueTriggerDriver;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The sweep end to end: POST /sweep over HTTP, work items on Azurite's queue delivered to
 * /sweep-worker the way the Functions host does, inventory and writes against the ARM emulator
 * through the real SDK, report rows and checkpoints in Azurite's tables.
 */
@QuarkusTest
@TestProfile(SweepProfile.class)
class SweepTest {

    static final String GRAPH = "/providers/Microsoft.ResourceGraph/resources";
    static final Duration DRAIN = Duration.ofSeconds(60);

    ArmEmulator arm;
    QueueTriggerDriver host;
    /** Successful NIC writes by NIC id, from the emulator's write listener. */
    static final Map<String, AtomicInteger> WRITES = new ConcurrentHashMap<>();
    static final AtomicBoolean LISTENING = new AtomicBoolean();

    @BeforeEach
    void setUp() {
        arm = ArmEmulatorResource.emulator();
        arm.clearFaults();
        arm.resetCounts();
        if (LISTENING.compareAndSet(false, true)) {
            arm.onNicWrite(id -> WRITES.computeIfAbsent(id.toLowerCase(), k -> new AtomicInteger()).incrementAndGet());
        }
        host = QueueTriggerDriver.sweepWorker(Azurite.shared().connectionString(), SweepProfile.QUEUE, "http://127.0.0.1:" + RestAssured.port)
                .withFunctionKey(TestApiKey.KEY);
    }

    @AfterEach
    void tearDown() {
        host.close();
        arm.clearFaults();
    }

    static String start(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/sweep")
                .then().statusCode(202).body("status", equalTo("RUNNING"))
                .header("Location", containsString("/sweep-report?runId=")).extract().path("runId");
    }

    static String sweepBody(String sub, String mode) {
        return "{\"subscriptions\":[\"" + sub + "\"],\"mode\":\"" + mode + "\"}";
    }

    static JsonPath report(String runId) {
        return given().queryParam("runId", runId).when().get("/sweep-report").then().statusCode(200).extract().jsonPath();
    }

    static List<Map<String, Object>> rows(String runId, String cls) {
        List<Map<String, Object>> all = new ArrayList<>();
        String continuation = null;
        do {
            var req = given().queryParam("runId", runId).queryParam("class", cls).queryParam("limit", 3);
            if (continuation != null) {
                req = req.queryParam("continuation", continuation);
            }
            JsonPath page = req.when().get("/sweep-report").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("rows"));
            continuation = page.getString("continuation");
        } while (continuation != null);
        return all;
    }

    long writesTo(List<String> nics) {
        return nics.stream().mapToLong(n -> WRITES.getOrDefault(n.toLowerCase(), new AtomicInteger()).get()).sum();
    }

    void drain() {
        assertTrue(host.drain(DRAIN), "the queue did not empty");
        arm.awaitNicWriteListeners(); // WRITES is complete
    }

    @Test
    void auditSweepReportsEveryClassAndWritesNothing() {
        String sub = SweepFixtures.newSubscription();
        Map<String, List<String>> byClass = SweepFixtures.everyClass(arm, sub);
        arm.resetCounts();
        String runId = start(sweepBody(sub, "audit"));
        drain();

        JsonPath r = report(runId);
        assertEquals("COMPLETED", r.getString("status"));
        assertEquals("audit", r.getString("mode"));
        byClass.forEach((cls, nics) -> assertEquals(nics.size(), r.getInt("counts." + cls), cls + " in " + r.prettify()));
        assertEquals(10, r.getInt("nics"));
        assertEquals(10, r.getInt("bySubscription.'" + sub + "'.values().sum()"));
        assertEquals(1, r.getInt("byRegion.brazilsouth.INELIGIBLE"));
        assertEquals(1, r.getInt("byTier.A4.NOT_ENABLED_REMEDIABLE"), "the D16s VM's NIC should get A4");
        assertEquals(0, r.getInt("remediated"));
        assertEquals(4, r.getInt("actions.WOULD_REMEDIATE"), "tags, tier and the two enable-now NICs");
        assertEquals(0, arm.count("nic.put") + arm.count("nic.patch") + arm.count("vm.deallocate") + arm.count("vm.start"),
                "audit mode writes nothing: " + arm.counts());
        assertEquals(0, arm.count("nic.get") + arm.count("vm.get"), "classification needs no per-NIC read: " + arm.counts());
        assertEquals(1, arm.count("graph.query"), "10 NICs: one page of 10");

        var ineligible = rows(runId, "INELIGIBLE");
        assertEquals(1, ineligible.size());
        assertEquals(byClass.get("INELIGIBLE").get(0), ineligible.get(0).get("nicId"));
        assertEquals(List.of("REGION_UNSUPPORTED"), ineligible.get(0).get("reasons"));
        assertEquals("NONE", ineligible.get(0).get("action"));
        var redeploy = rows(runId, "NEEDS_REDEPLOY");
        assertEquals(List.of("NIC_ATTACHED_TO_RUNNING_VM"), redeploy.get(0).get("reasons"));
        assertEquals("A2", redeploy.get(0).get("tier"));
        assertEquals("NOT_REQUESTED", redeploy.get(0).get("action"), "NEEDS_REDEPLOY is not among the default classes");
        assertEquals("WOULD_REMEDIATE", rows(runId, "DRIFT_TIER").get(0).get("action"));
        assertEquals(List.of("OPTED_OUT"), rows(runId, "EXEMPT").get(0).get("reasons"));
        assertEquals(List.of("AUXILIARY_MODE_CONFLICT"), rows(runId, "CONFLICT").get(0).get("reasons"));
        assertEquals(List.of("NO_VM_SIZE"), rows(runId, "UNDETERMINED").get(0).get("reasons"));
        assertEquals(2, rows(runId, "NOT_ENABLED_REMEDIABLE").size());
    }

    @Test
    void enforceSweepRemediatesTheRequestedClassesOnly() {
        String sub = SweepFixtures.newSubscription();
        Map<String, List<String>> byClass = SweepFixtures.everyClass(arm, sub);
        String runId = start(sweepBody(sub, "enforce"));
        drain();

        JsonPath r = report(runId);
        assertEquals("COMPLETED", r.getString("status"), r.prettify());
        // The write path judges the tier too (the one its size, override and cap give): the DRIFT_TIER
        // NIC, A1 on a size that gets A2 and without a VM to restart, is re-tiered.
        assertEquals(4, r.getInt("remediated"), r.prettify());
        assertEquals(4, r.getInt("actions.APPLIED"));
        assertEquals(List.of("APPLIED"), rows(runId, "DRIFT_TIER").stream().map(m -> m.get("action")).toList());
        assertEquals("A2", arm.nic(byClass.get("DRIFT_TIER").get(0)).orElseThrow().at("/properties/auxiliarySku").asText());
        assertEquals(1, r.getInt("actions.DEFERRED"), "UNDETERMINED waits for a size");
        for (String cls : List.of("DRIFT_TAGS", "DRIFT_TIER", "NOT_ENABLED_REMEDIABLE")) {
            for (String nic : byClass.get(cls)) {
                var after = arm.nic(nic).orElseThrow();
                assertEquals("AcceleratedConnections", after.at("/properties/auxiliaryMode").asText(), nic);
                assertEquals("true", after.at("/tags/fastpathenabled").asText(), nic);
                assertEquals(1, WRITES.get(nic.toLowerCase()).get(), "written once: " + nic);
            }
        }
        assertEquals("A4", arm.nic(byClass.get("NOT_ENABLED_REMEDIABLE").get(1)).orElseThrow().at("/properties/auxiliarySku").asText());
        for (String cls : List.of("COMPLIANT", "NEEDS_REDEPLOY", "INELIGIBLE", "EXEMPT", "CONFLICT", "UNDETERMINED")) {
            assertEquals(0, writesTo(byClass.get(cls)), cls + " must not be written");
        }
        assertEquals("running", arm.powerState(SweepFixtures.vmId(sub, "vm-running")).orElseThrow());
        // Every remediation is in the audit table too, under the run id.
        given().queryParam("nicId", byClass.get("DRIFT_TAGS").get(0)).when().get("/audit").then().statusCode(200)
                .body("[0].eventId", equalTo(runId)).body("[0].decision", equalTo("APPLIED")).body("[0].source", equalTo("sweep"));

        // A second sweep finds the remediated NICs compliant and writes nothing.
        arm.resetCounts();
        String again = start(sweepBody(sub, "enforce"));
        drain();
        JsonPath second = report(again);
        assertEquals(5, second.getInt("counts.COMPLIANT"), second.prettify());
        assertEquals(0, arm.count("nic.put"));
    }

    @Test
    void concurrentStartsGiveOneRunAndASecondStartIsRefused() throws Exception {
        String sub = SweepFixtures.newSubscription();
        SweepFixtures.remediable(arm, sub, 3);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<io.restassured.response.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return given().contentType(ContentType.JSON).body(sweepBody(sub, "audit")).when().post("/sweep");
                }));
            }
            go.countDown();
            List<String> created = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (var f : answers) {
                var a = f.get();
                if (a.statusCode() == 202) {
                    created.add(a.path("runId"));
                } else {
                    assertEquals(409, a.statusCode(), a.asString());
                    assertEquals("SWEEP_ACTIVE", a.path("code"));
                    refused.add(a.path("runId"));
                }
            }
            assertEquals(1, created.size(), "one run: " + created + " refused " + refused);
            refused.forEach(id -> assertEquals(created.get(0), id, "the 409 names the active run"));
            drain();
            assertEquals("COMPLETED", report(created.get(0)).getString("status"));
            // The scope is free once the run is done.
            String next = start(sweepBody(sub, "audit"));
            assertNotEquals(created.get(0), next);
            drain();
        } finally {
            pool.shutdownNow();
        }
        given().when().get("/sweep-report").then().statusCode(200).body("status", hasItem("COMPLETED"))
                .body("[0].startedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void badRequestsAreRefusedWithAReasonAndStartNothing() {
        String sub = SweepFixtures.newSubscription();
        refused("{\"subscriptions\":[\"not-a-guid\"]}", 400, "INVALID_FIELD");
        refused("{\"subscriptions\":[]}", 400, "INVALID_FIELD");
        refused("{\"subscriptions\":[\"" + sub + "\"],\"mode\":\"fix\"}", 400, "INVALID_FIELD");
        refused("{\"subscriptions\":[\"" + sub + "\"],\"classes\":[\"INELIGIBLE\"]}", 400, "CLASS_NOT_REMEDIABLE");
        refused("{\"subscriptions\":[\"" + sub + "\"],\"classes\":[\"NEEDS_REDEPLOY\"]}", 400, "RESTART_NOT_ALLOWED");
        refused("{\"subscriptions\":[\"" + sub + "\"],\"dryRun\":true}", 400, "UNKNOWN_FIELD");
        refused("[1,2]", 400, "INVALID_BODY");
        refused("{\"subscriptions\":", 400, "MALFORMED_JSON");
        given().queryParam("runId", "../etc").when().get("/sweep-report").then().statusCode(400).body("code", equalTo("INVALID_RUN_ID"));
        given().queryParam("runId", "20260101000000000-00000000").when().get("/sweep-report").then().statusCode(404)
                .body("code", equalTo("RUN_NOT_FOUND"));
        given().queryParam("runId", "20260101000000000-00000000").queryParam("class", "PURPLE").when().get("/sweep-report")
                .then().statusCode(400).body("code", equalTo("INVALID_CLASS"));
        given().queryParam("runId", "20260101000000000-00000000").queryParam("class", "COMPLIANT").when().get("/sweep-report")
                .then().statusCode(400).body("code", equalTo("CLASS_NOT_LISTED"));
        given().queryParam("limit", "0").when().get("/sweep-report").then().statusCode(400).body("code", equalTo("INVALID_FIELD"));
        assertEquals(0, host.pollOnce(), "nothing was enqueued");
    }

    static void refused(String body, int status, String code) {
        given().contentType(ContentType.JSON).body(body).when().post("/sweep").then().statusCode(status).body("code", equalTo(code));
    }

    @Test
    void throttlingStormsSlowTheRunButFailNothing() {
        String sub = SweepFixtures.newSubscription();
        List<String> nics = SweepFixtures.remediable(arm, sub, 25);
        arm.inject(FaultRule.error("POST", GRAPH, 429, "RateLimiting", 1, 2));
        arm.inject(FaultRule.error("PUT", "/networkInterfaces/", 429, "SubscriptionRequestsThrottled", 1, 5));
        arm.inject(FaultRule.error("PUT", "/networkInterfaces/", 429, "RetryableErrorDueToAnotherOperation", 1, 2));
        String runId = start(sweepBody(sub, "enforce"));
        drain();

        JsonPath r = report(runId);
        assertEquals("COMPLETED", r.getString("status"), r.prettify());
        assertEquals(25, r.getInt("remediated"));
        assertEquals(0, r.getInt("failed"));
        assertEquals(9, arm.count("fault"), "every injected 429 was met and waited out: " + arm.counts());
        for (String nic : nics) {
            assertEquals(1, WRITES.get(nic.toLowerCase()).get(), nic);
        }
        assertEquals(0, arm.count("graph.throttled") + arm.count("throttled"));
    }

    @Test
    void anItemCutOffMidRunResumesFromItsCheckpointWithoutWritingANicTwice() {
        String sub = SweepFixtures.newSubscription();
        List<String> nics = SweepFixtures.remediable(arm, sub, 45);
        // After the 12th write, ARM starts failing NIC writes: the item fails mid-page (pages of 10).
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean broken = new AtomicBoolean();
        arm.onNicWrite(id -> {
            if (id.toLowerCase().contains(sub) && written.incrementAndGet() == 12 && broken.compareAndSet(false, true)) {
                arm.inject(FaultRule.error("PUT", "/networkInterfaces/", 503, "ServiceUnavailable", null, -1));
            }
        });
        // The host redelivers the failed message; ARM recovers before the redelivery.
        host.onDelivery(d -> {
            if (d.status() != 200) {
                arm.clearFaults();
            }
        });
        String runId = start(sweepBody(sub, "enforce"));
        drain();

        assertTrue(host.deliveries().stream().anyMatch(d -> d.status() == 503), "the item was cut off: " + host.deliveries());
        assertTrue(host.deliveries().stream().anyMatch(d -> d.status() == 200 && d.dequeueCount() == 2), host.deliveries().toString());
        JsonPath r = report(runId);
        assertEquals("COMPLETED", r.getString("status"), r.prettify());
        assertTrue(r.getInt("resumes") >= 1, r.prettify());
        assertEquals(45, r.getInt("counts.NOT_ENABLED_REMEDIABLE"), "each NIC counted once: " + r.prettify());
        assertEquals(45, r.getInt("nics"));
        assertEquals(45, r.getInt("remediated"), r.prettify());
        for (String nic : nics) {
            assertEquals(1, WRITES.get(nic.toLowerCase()).get(), "written exactly once: " + nic);
            assertEquals("AcceleratedConnections", arm.nic(nic).orElseThrow().at("/properties/auxiliaryMode").asText());
        }
        assertEquals(45, rows(runId, "NOT_ENABLED_REMEDIABLE").stream().filter(m -> "APPLIED".equals(m.get("action"))).count());
    }

    @Test
    void aWorkItemDeliveredTwiceAtOnceIsSweptOnce() throws Exception {
        String sub = SweepFixtures.newSubscription();
        List<String> nics = SweepFixtures.remediable(arm, sub, 15);
        arm.inject(FaultRule.delay("POST", GRAPH, 300, 2));
        String runId = start(sweepBody(sub, "enforce"));
        // The same message handed to two invocations at once (a visibility lapse): post its envelope twice.
        String envelope = "{\"Data\":{\"item\":" + SweepFixtures.MAPPER.writeValueAsString(SweepFixtures.MAPPER.writeValueAsString(
                "{\"runId\":\"" + runId + "\",\"subscriptionId\":\"" + sub + "\",\"segment\":0}"))
                + "},\"Metadata\":{\"DequeueCount\":\"1\",\"Id\":\"\\\"dup\\\"\"}}";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> given().contentType(ContentType.JSON).body(envelope).post("/sweep-worker"));
            var b = pool.submit(() -> given().contentType(ContentType.JSON).body(envelope).post("/sweep-worker"));
            List<String> results = List.of(a.get().path("ReturnValue.result"), b.get().path("ReturnValue.result"));
            // One sweeps (its page's writes go to lanes: it continues, or is done when that was its last page), the other defers.
            assertTrue(results.contains("DEFERRED") && (results.contains("DONE") || results.contains("CONTINUED")),
                    results.toString());
        } finally {
            pool.shutdownNow();
        }
        drain(); // the queued original and the deferred copy find the item superseded or done; the lanes write
        JsonPath r = report(runId);
        assertEquals("COMPLETED", r.getString("status"));
        assertEquals(15, r.getInt("remediated"));
        assertEquals(15, r.getInt("nics"), "each NIC counted once: " + r.prettify());
        for (String nic : nics) {
            assertEquals(1, WRITES.get(nic.toLowerCase()).get(), nic);
        }
        assertTrue(host.deliveries().stream().allMatch(d -> d.status() == 200), host.deliveries().toString());
        assertTrue(host.deliveries().stream().anyMatch(d -> d.body().contains("SKIPPED")), host.deliveries().toString());
    }

    @Test
    void anItemThatKeepsFailingIsPoisonedAndItsRunFails() {
        String sub = SweepFixtures.newSubscription();
        SweepFixtures.remediable(arm, sub, 3);
        arm.inject(FaultRule.error("POST", GRAPH, 500, "InternalServerError", null, -1));
        arm.inject(FaultRule.error("GET", "/subscriptions/" + sub + "/providers/Microsoft.Network/networkInterfaces", 500,
                "InternalServerError", null, -1));
        String runId = start(sweepBody(sub, "audit"));
        drain();

        assertEquals(5, host.deliveries().size(), host.deliveries().toString());
        assertTrue(host.deliveries().stream().allMatch(d -> d.status() == 503), host.deliveries().toString());
        assertTrue(host.deliveries().get(4).poisoned());
        assertEquals(1, host.poisoned().stream().filter(m -> m.contains(runId)).count(), "the message is in the poison queue");
        JsonPath r = report(runId);
        assertEquals("FAILED", r.getString("status"), r.prettify());
        assertEquals("FAILED", r.getString("errors[0].state"));
        assertTrue(r.getString("errors[0].error").contains("ArmRetriesExhausted"), r.prettify());
        assertTrue(r.getString("finishedAt") != null);
        arm.clearFaults();
        // Its scope is free again.
        start(sweepBody(sub, "audit"));
        drain();
    }

    @Test
    void theTimerStartsARunAndAnActiveOneIsNoFailure() {
        String timer = """
                {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},
                 "Metadata":{"sys":{"MethodName":"sweep-timer","UtcNow":"2026-11-25T03:00:00Z","RandGuid":"x"}}}""";
        var first = given().contentType(ContentType.JSON).body(timer).post("/sweep-timer").then().statusCode(200)
                .body("Logs[0]", containsString("started")).extract().jsonPath();
        String runId = first.getString("ReturnValue.runId");
        given().contentType(ContentType.JSON).body(timer).post("/sweep-timer").then().statusCode(200)
                .body("Logs[0]", containsString("not started")).body("ReturnValue.runId", equalTo(runId))
                .body("ReturnValue.code", equalTo("SWEEP_ACTIVE"));
        drain();
        JsonPath r = report(runId);
        assertEquals("timer", r.getString("trigger"));
        assertEquals("COMPLETED", r.getString("status"), r.prettify());
        assertTrue(r.getList("subscriptions").size() >= 1, "the default scope: every subscription the emulator holds");
        given().contentType(ContentType.JSON).body("{\"Data\":{}}").post("/sweep-timer").then().statusCode(400)
                .body("code", equalTo("INVALID_INVOCATION"));
    }
}
