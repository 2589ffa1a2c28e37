package io.accelconn.events;

import static io.accelconn.events.EventsFixtures.SUB;
import static io.accelconn.events.EventsFixtures.batch;
import static io.accelconn.events.EventsFixtures.nicEvent;
import static io.accelconn.events.EventsFixtures.post;
import static io.accelconn.events.EventsFixtures.putNic;
import static io.accelconn.events.EventsFixtures.putVm;
import static io.accelconn.events.EventsFixtures.writeEvent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.emulator.AnswerLoss;
import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.FaultRule;
import io.accelconn.emulator.OperationFault;
import io.accelconn.emulator.RequestHook;
import io.accelconn.testsupport.SharedReference;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * One test per finding of issue 7, through HTTP against Azurite and the ARM emulator with faults
 * injected: the write path never leaves a VM stopped, records every (event, NIC) exactly once
 * with the ARM error code of a failure, and stays bounded.
 */
@QuarkusTest
@TestProfile(SafetyProfile.class)
class SafetyFindingsTest {

    static final List<String> ONE_RESTART = List.of("running", "deallocating", "deallocated", "starting", "running");

    ArmEmulator arm;

    @BeforeEach
    void setUp() {
        arm = EventsFixtures.freshArm();
    }

    /**
     * As Event Grid does: the same delivery again while it answers 503, bounded in time rather than
     * in count (twenty redeliveries back to back could all fall inside another delivery's restart
     * on a busy machine), a little apart as Event Grid's are (its own pauses are seconds long).
     */
    static Response deliver(String body) {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        Response r = post(body);
        while (r.statusCode() == 503 && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            r = post(body);
        }
        return r;
    }

    static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String vmEvent(String vmId) {
        return batch(writeEvent(UUID.randomUUID().toString(), ResourceEvent.VM_WRITE, vmId));
    }

    static Map<String, String> allowRestart() {
        return Map.of("accelconn-allow-restart", "true");
    }

    String sku(String nicId) {
        return arm.nic(nicId).orElseThrow().path("properties").path("auxiliarySku").asText();
    }

    static String lastName(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    JsonNode runRestartJournal() {
        String envelope = SharedReference.text("functions/timer-trigger.request.captured.json");
        return given().contentType(ContentType.JSON).body(envelope).when().post("/restart-journal")
                .then().statusCode(200).extract().as(JsonNode.class);
    }

    // ---- 1. a VM left deallocated ----------------------------------------------------------------

    @Test
    void aVmWhoseStartFailsIsStartedByTheJournalTimer() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of());
        String vm = putVm(arm, name("fw"), "Standard_D8s_v4", "running", List.of(nic), allowRestart(),
                OffsetDateTime.now().minusMinutes(5));
        arm.inject(FaultRule.error("POST", lastName(vm) + "/start", 400, "OperationNotAllowed", null, 1));
        post(vmEvent(vm)).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("FAILED"))
                .body("results[0].nics[0].armErrorCode", equalTo("OperationNotAllowed"))
                .body("results[0].nics[0].reasons", contains("VM_START_FAILED"));
        assertEquals("deallocated", arm.powerState(vm).orElseThrow(), "the start was refused");

        JsonNode answer = runRestartJournal();
        assertTrue(answer.has("Outputs") && answer.has("Logs"), answer.toString());
        assertTrue(answer.path("ReturnValue").path("started").asInt() >= 1, answer.toString());
        assertEquals("running", arm.powerState(vm).orElseThrow());
        assertEquals(ONE_RESTART, arm.powerStates(vm));
        assertEquals("A2", sku(nic), "the NIC change made while it was deallocated stands");
    }

    @Test
    void aLaterDeliveryTouchingTheVmStartsItAgain() {
        String nic = putNic(arm, SUB, name("sdwan"), "eastus2", Map.of());
        String vm = putVm(arm, name("sdwan"), "Standard_D8s_v4", "running", List.of(nic), allowRestart(),
                OffsetDateTime.now().minusMinutes(5));
        // The start is accepted, and its operation then fails: the VM stays deallocated.
        arm.inject(new OperationFault("POST", lastName(vm) + "/start", "AllocationFailed", 1));
        post(vmEvent(vm)).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("FAILED"))
                .body("results[0].nics[0].armErrorCode", equalTo("AllocationFailed"));
        assertEquals("deallocated", arm.powerState(vm).orElseThrow());
        // Event Grid reports the NIC write: that delivery finds the open journal entry and finishes it.
        deliver(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("UNCHANGED"));
        assertEquals("running", arm.powerState(vm).orElseThrow());
        assertEquals(List.of("running", "deallocating", "deallocated", "starting", "deallocated", "starting", "running"),
                arm.powerStates(vm));
    }

    // ---- 2. permanent errors retried for a day ---------------------------------------------------

    @Test
    void aPermanentArmErrorIsRecordedFailedOnceAndTheVmRestartedOnce() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of());
        String vm = putVm(arm, name("fw"), "Standard_D8s_v4", "running", List.of(nic), allowRestart(),
                OffsetDateTime.now().minusMinutes(5));
        arm.inject(FaultRule.error("PUT", lastName(nic), 400, "SubscriptionNotRegisteredForFeature", null, -1));
        String event = vmEvent(vm);
        post(event).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("FAILED"))
                .body("results[0].nics[0].armErrorCode", equalTo("SubscriptionNotRegisteredForFeature"))
                .body("results[0].nics[0].reasons", contains("NIC_WRITE_FAILED"));
        post(event).then().statusCode(200).body("results[0].outcome", equalTo("DUPLICATE"));
        assertEquals(1, arm.count("vm.deallocate"));
        assertEquals(1, arm.count("vm.start"));
        assertEquals("running", arm.powerState(vm).orElseThrow());
        given().queryParam("nicId", nic).when().get("/audit").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].decision", equalTo("FAILED"))
                .body("[0].armErrorCode", equalTo("SubscriptionNotRegisteredForFeature"));
    }

    @Test
    void linkedAuthorizationAndFailedOperationsAreFailedWithTheirCode() {
        String denied = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        arm.inject(FaultRule.error("PUT", lastName(denied), 403, "LinkedAuthorizationFailed", null, -1));
        post(batch(nicEvent(UUID.randomUUID().toString(), denied))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("FAILED"))
                .body("results[0].nics[0].armErrorCode", equalTo("LinkedAuthorizationFailed"));

        String failing = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        arm.inject(new OperationFault("PUT", lastName(failing), "InternalOperationError", 1));
        post(batch(nicEvent(UUID.randomUUID().toString(), failing))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("FAILED"))
                .body("results[0].nics[0].armErrorCode", equalTo("InternalOperationError"));
    }

    @Test
    void transientFailuresOfOneEventAndNicEndInFailedAfterTheBound() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        arm.inject(FaultRule.error("PUT", lastName(nic), 500, "InternalServerError", null, -1));
        String event = batch(nicEvent(UUID.randomUUID().toString(), nic));
        for (int i = 1; i < SafetyProfile.MAX_TRANSIENT_ATTEMPTS; i++) {
            post(event).then().statusCode(503).body("results[0].outcome", equalTo("RETRY"));
        }
        post(event).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("FAILED"))
                .body("results[0].nics[0].reasons", contains("RETRIES_EXHAUSTED"))
                .body("results[0].nics[0].armErrorCode", equalTo("InternalServerError"));
        given().queryParam("nicId", nic).when().get("/audit").then().body("$", hasSize(1))
                .body("[0].decision", equalTo("FAILED"));
    }

    // ---- 3. an applied write recorded as UNCHANGED -----------------------------------------------

    @Test
    void aWriteWhoseOperationPollFailedIsRecordedAppliedOnRedelivery() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        arm.inject(FaultRule.error("GET", "/operations/", 500, "InternalServerError", null, -1));
        String event = batch(nicEvent(UUID.randomUUID().toString(), nic));
        post(event).then().statusCode(503);
        arm.clearFaults();
        post(event).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("APPLIED"))
                .body("results[0].nics[0].armWrites", equalTo(1));
        assertEquals(1, arm.count("nic.put"));
        assertEquals(1, arm.nicWrites(nic));
        String before = given().queryParam("nicId", nic).when().get("/audit").then().body("$", hasSize(1))
                .body("[0].decision", equalTo("APPLIED")).extract().path("[0].before");
        assertTrue(before.contains("\"auxiliaryMode\":\"None\""), "the before-state of the first delivery: " + before);
    }

    @Test
    void aRetriedPutThatMeetsItsOwnLandedWriteIsRecordedApplied() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        arm.inject(new AnswerLoss("PUT", lastName(nic), 502, 1));
        post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("APPLIED"))
                .body("results[0].nics[0].armWrites", equalTo(1));
        assertEquals(1, arm.count("answer.lost"));
        assertEquals(1, arm.nicWrites(nic), "the first PUT landed; its retry met 412");
        assertEquals("A2", sku(nic));
    }

    // ---- 4. a resize keeps the old tier ----------------------------------------------------------

    @Test
    void aResizeReTiersTheNic() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of());
        String vm = putVm(arm, name("fw"), "Standard_D4s_v4", "deallocated", List.of(nic), Map.of(), OffsetDateTime.now());
        post(vmEvent(vm)).then().statusCode(200).body("results[0].nics[0].tier", equalTo("A1"));
        arm.resizeVm(vm, "Standard_D16s_v4");
        post(vmEvent(vm)).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("APPLIED"))
                .body("results[0].nics[0].tier", equalTo("A4"));
        assertEquals("A4", sku(nic));

        // Running and not allowed to restart: deferred with the reason.
        String other = putNic(arm, SUB, name("lb"), "eastus2", Map.of());
        String running = putVm(arm, name("lb"), "Standard_D4s_v4", "deallocated", List.of(other), Map.of(),
                OffsetDateTime.now().minusDays(30));
        post(vmEvent(running)).then().statusCode(200).body("results[0].nics[0].tier", equalTo("A1"));
        putVm(arm, lastName(running), "Standard_D16s_v4", "running", List.of(other), Map.of(), OffsetDateTime.now().minusDays(30));
        post(vmEvent(running)).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("DEFERRED"))
                .body("results[0].nics[0].reasons", contains("TIER_CHANGE_NEEDS_DEALLOCATION"));
        assertEquals("A1", sku(other));
    }

    @Test
    void aResizeAsTheRestartBeginsIsWrittenWithTheNewSizesTier() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of());
        String vm = putVm(arm, name("fw"), "Standard_D4s_v4", "running", List.of(nic), allowRestart(),
                OffsetDateTime.now().minusMinutes(5));
        // Its owner resizes the VM just as accelconn's deallocation reaches ARM, after the cycle read it.
        arm.inject(new RequestHook("POST", lastName(vm) + "/deallocate", () -> arm.resizeVm(vm, "Standard_D16s_v4")));
        post(vmEvent(vm)).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("RESTARTED_AND_APPLIED"))
                .body("results[0].nics[0].tier", equalTo("A4"));
        assertEquals("A4", sku(nic), "the tier of the size the VM has while its NIC is written");
        assertEquals(ONE_RESTART, arm.powerStates(vm));
    }

    @Test
    void aResizeWhileAccelconnRestartsTheVmIsDecidedOnceItSettles() throws Exception {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of());
        String vm = putVm(arm, name("fw"), "Standard_D8s_v4", "running", List.of(nic), allowRestart(),
                OffsetDateTime.now().minusMinutes(5));
        // The deallocation's first status poll is answered 3 s late: the cycle holds the VM, deallocating, meanwhile.
        arm.inject(FaultRule.delay("GET", "Microsoft.Compute/locations/[^/]+/operations/", 3000, 1));
        ExecutorService delivery = Executors.newSingleThreadExecutor();
        try {
            Future<Response> first = delivery.submit(() -> post(vmEvent(vm)));
            for (int i = 0; i < 1000 && !"deallocating".equals(arm.powerState(vm).orElse(null)); i++) {
                Thread.sleep(20);
            }
            assertEquals("deallocating", arm.powerState(vm).orElseThrow());
            // Its owner resizes it now; ARM reports that with a VM write event, which meets the cycle.
            arm.resizeVm(vm, "Standard_D16s_v4");
            String resized = vmEvent(vm);
            post(resized).then().statusCode(503)
                    .body("results[0].outcome", equalTo("RETRY"))
                    .body("results[0].code", equalTo("VM_RESTART_IN_PROGRESS"));
            first.get(30, java.util.concurrent.TimeUnit.SECONDS).then().statusCode(200)
                    .body("results[0].nics[0].decision", equalTo("RESTARTED_AND_APPLIED"))
                    .body("results[0].nics[0].tier", equalTo("A4"));
            // Event Grid delivers the resize again once the cycle has ended: nothing is left to do.
            deliver(resized).then().statusCode(200)
                    .body("results[0].nics[0].decision", equalTo("UNCHANGED"))
                    .body("results[0].nics[0].tier", equalTo("A4"));
        } finally {
            delivery.shutdownNow();
        }
        assertEquals("A4", sku(nic));
        assertEquals(ONE_RESTART, arm.powerStates(vm));
    }

    @Test
    void anOverrideAboveTheCapIsCompliantAtTheCap() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-tier", "A8", "fastpathenabled", "true"));
        arm.mutateNic(nic, n -> ((ObjectNode) n.with("properties")).put("auxiliaryMode", "AcceleratedConnections")
                .put("auxiliarySku", "A4"));
        putVm(arm, name("fw"), "Standard_D8s_v4", "running", List.of(nic), Map.of(), OffsetDateTime.now().minusDays(30));
        arm.resetCounts();
        post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("UNCHANGED"))
                .body("results[0].nics[0].tier", equalTo("A4"));
        assertEquals(1, arm.count("nic.get"));
        assertEquals(1, arm.count("vm.get"), "the right tier needs the VM's size");
        assertEquals(0, arm.count("nic.put"));
    }

    // ---- 5. one restart per NIC ------------------------------------------------------------------

    @Test
    void aVmWithTwoNicsIsRestartedOnce() {
        String wan = putNic(arm, SUB, name("sdwan-wan"), "eastus2", Map.of());
        String lan = putNic(arm, SUB, name("sdwan-lan"), "eastus2", Map.of());
        String vm = putVm(arm, name("sdwan"), "Standard_D16s_v4", "running", List.of(wan, lan), allowRestart(),
                OffsetDateTime.now().minusMinutes(5));
        post(vmEvent(vm)).then().statusCode(200)
                .body("results[0].nics.decision", contains("RESTARTED_AND_APPLIED", "RESTARTED_AND_APPLIED"));
        assertEquals(1, arm.count("vm.deallocate"));
        assertEquals(1, arm.count("vm.start"));
        assertEquals(ONE_RESTART, arm.powerStates(vm));
        assertEquals("A4", sku(wan));
        assertEquals("A4", sku(lan));
    }

    @Test
    void aVmItsOwnerStoppedIsNeverDeallocated() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of());
        String vm = putVm(arm, name("fw"), "Standard_D8s_v4", "stopped", List.of(nic), allowRestart(),
                OffsetDateTime.now().minusMinutes(5));
        post(vmEvent(vm)).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("DEFERRED"))
                .body("results[0].nics[0].reasons", contains("VM_STOPPED_NOT_DEALLOCATED"));
        assertEquals(List.of("stopped"), arm.powerStates(vm));
        assertEquals(0, arm.count("vm.deallocate") + arm.count("vm.start"));
    }

    @Test
    void twoNicEventsForOneVmAtOnceRestartItOnce() throws Exception {
        String wan = putNic(arm, SUB, name("nva-wan"), "eastus2", Map.of());
        String lan = putNic(arm, SUB, name("nva-lan"), "eastus2", Map.of());
        String vm = putVm(arm, name("nva"), "Standard_D8s_v4", "running", List.of(wan, lan), allowRestart(),
                OffsetDateTime.now().minusMinutes(5));
        // Slow deallocation, so that both deliveries meet while the first holds the VM.
        arm.inject(FaultRule.delay("POST", lastName(vm) + "/deallocate", 300, 1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch gun = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (String nic : List.of(wan, lan)) {
            String event = batch(nicEvent(UUID.randomUUID().toString(), nic));
            answers.add(pool.submit(() -> {
                gun.await();
                return deliver(event).statusCode();
            }));
        }
        gun.countDown();
        for (Future<Integer> a : answers) {
            assertEquals(200, a.get());
        }
        pool.shutdown();
        assertEquals(1, arm.count("vm.deallocate"), "the second delivery must not deallocate again");
        assertEquals(1, arm.count("vm.start"));
        assertEquals(ONE_RESTART, arm.powerStates(vm));
        assertEquals("A2", sku(wan));
        assertEquals("A2", sku(lan));
    }

    // ---- 6. reasons hidden behind DEFERRED -------------------------------------------------------

    @Test
    void rulesThatNeedNoSizeMakeANicWithoutAVmIneligible() {
        String nic = putNic(arm, SUB, name("fw"), "centraluseuap", Map.of());
        arm.mutateNic(nic, n -> ((ObjectNode) n.with("properties")).put("auxiliaryMode", "MaxConnections"));
        post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("INELIGIBLE"))
                .body("results[0].nics[0].reasons", contains("REGION_UNSUPPORTED", "AUXILIARY_MODE_CONFLICT"));
        String unknown = putNic(arm, SUB, name("fw"), "eastus2", Map.of());
        post(batch(nicEvent(UUID.randomUUID().toString(), unknown))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("DEFERRED"))
                .body("results[0].nics[0].reasons", contains("NO_VM_SIZE"));
    }

    // ---- 7. unbounded growth ---------------------------------------------------------------------

    @Test
    void unknownSizesNeitherGrowTheCatalogNorAskArmAgain() {
        String probe = "{\"region\":\"eastus2\",\"vmSize\":\"Standard_Z8s_v9\",\"acceleratedNetworking\":true}";
        String first = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_Z8s_v9"));
        post(batch(nicEvent(UUID.randomUUID().toString(), first))).then().statusCode(200)
                .body("results[0].nics[0].reasons", hasItem("SIZE_UNKNOWN"));
        String before = given().contentType(ContentType.JSON).body(probe).when().post("/eligibility")
                .then().statusCode(200).extract().path("reasons[0].message");
        for (int i = 0; i < 5; i++) {
            String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_Z8s_v9"));
            post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                    .body("results[0].nics[0].reasons", hasItem("SIZE_UNKNOWN"));
        }
        assertEquals(1, arm.count("skus.list"), "one Resource SKUs read per region per sku-cache-ttl");
        String after = given().contentType(ContentType.JSON).body(probe).when().post("/eligibility")
                .then().statusCode(200).extract().path("reasons[0].message");
        assertEquals(before, after, "the SIZE_UNKNOWN message must not grow");
    }

    @Test
    void perSubscriptionStateIsBounded() {
        for (int i = 0; i < 5; i++) {
            String sub = UUID.randomUUID().toString();
            String nic = putNic(arm, sub, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
            post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200);
        }
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("accelconn_arm_ratelimit_remaining\\{[^}]*subscription=\"([^\"]+)\"").matcher(metrics);
        Set<String> subscriptions = new HashSet<>();
        while (m.find()) {
            subscriptions.add(m.group(1));
        }
        assertFalse(subscriptions.isEmpty(), "the gauges exist");
        assertTrue(subscriptions.size() <= SafetyProfile.SUBSCRIPTION_CACHE, "gauges of evicted subscriptions are removed: "
                + subscriptions);
    }

    // ---- 8. echoes -------------------------------------------------------------------------------

    @Test
    void controlCharactersFromTheWireAreEscapedInLogsAndAnswers() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("io.accelconn");
        root.addHandler(capture);
        try {
            String hostile = "evt-" + UUID.randomUUID() + "\r\n2026-11-25 INFO forged line";
            ObjectNode event = (ObjectNode) EventsFixtures.MAPPER.createObjectNode();
            event.put("id", hostile).put("eventType", "Microsoft.Resources.ResourceWriteSuccess\nforged")
                    .put("subject", "/x").put("eventTime", "2026-11-25T10:00:00Z").putObject("data");
            String envelope = "{\"Data\":{\"event\":" + event + "},\"Metadata\":{}}";
            JsonNode answer = given().contentType(ContentType.JSON).body(envelope).when().post("/enforce")
                    .then().statusCode(200).extract().as(JsonNode.class);
            for (JsonNode line : answer.path("Logs")) {
                assertFalse(line.asText().contains("\r") || line.asText().contains("\n"), "Logs: " + line);
            }
            assertFalse(answer.path("ReturnValue").path("message").asText().contains("\n"), answer.toString());

            // A transient failure is logged with the event id: escaped there too.
            String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
            arm.inject(FaultRule.error("GET", lastName(nic), 503, "ServiceUnavailable", null, -1));
            ObjectNode withHostileId = (ObjectNode) EventsFixtures.MAPPER.readTree(nicEvent(UUID.randomUUID().toString(), nic));
            withHostileId.put("id", hostile);
            post("[" + withHostileId + "]").then().statusCode(503);
            assertTrue(logged.stream().anyMatch(l -> l.contains("forged line")), "the failure was logged: " + logged);
            for (String line : logged) {
                assertFalse(line.contains("\r") || line.contains("\n2026"), "log line: " + line);
            }
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void callersGetReasonCodesNotRawArmBodies() {
        String nic = putNic(arm, SUB, name("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        arm.inject(FaultRule.error("GET", lastName(nic), 400, "InvalidResourceReference", null, -1));
        String body = post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("FAILED"))
                .body("results[0].nics[0].armErrorCode", equalTo("InvalidResourceReference"))
                .extract().asString();
        assertFalse(body.contains("Injected by the ARM emulator"), "ARM's own message is not echoed: " + body);
    }
}
