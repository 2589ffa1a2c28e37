package io.accelconn.events;

import static io.accelconn.events.EventsFixtures.OTHER_SUB;
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
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.FaultRule;
import io.accelconn.emulator.RequestHook;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The event path end to end: real HTTP in, the ARM emulator behind the real SDK, real Azurite tables.
 * HTTP only (no injection), so {@link EventsIT} runs it against the packaged application too.
 */
@QuarkusTest
@TestProfile(EventsProfile.class)
class EventsTest {

    ArmEmulator arm;

    @BeforeEach
    void setUp() {
        arm = EventsFixtures.freshArm();
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    JsonNode nic(String id) {
        return arm.nic(id).orElseThrow();
    }

    @Test
    void newNicWithItsSizeTagGetsModeTierAndTag() {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D16s_v4", "owner", "netops"));
        post(batch(nicEvent(UUID.randomUUID().toString(), nic)))
                .then().statusCode(200)
                .body("results[0].outcome", equalTo("HANDLED"))
                .body("results[0].nics[0].decision", equalTo("APPLIED"))
                .body("results[0].nics[0].tier", equalTo("A4"));
        JsonNode after = nic(nic);
        assertEquals("AcceleratedConnections", after.path("properties").path("auxiliaryMode").asText());
        assertEquals("A4", after.path("properties").path("auxiliarySku").asText());
        assertEquals("true", after.path("tags").path("fastpathenabled").asText());
        assertEquals("netops", after.path("tags").path("owner").asText(), "the user's tags are kept");
        assertEquals(1, arm.count("nic.put"));
        assertTrue(arm.count("nic.get") + arm.count("operation.get") <= 3, arm.counts().toString());
    }

    @Test
    void vmWriteAppliesToTheNicsOfADeallocatedVm() {
        String nic1 = putNic(arm, SUB, uniqueName("sdwan-wan"), "westeurope", Map.of());
        String nic2 = putNic(arm, SUB, uniqueName("sdwan-lan"), "westeurope", Map.of());
        String vm = putVm(arm, uniqueName("sdwan"), "Standard_F8s_v2", "deallocated", List.of(nic1, nic2), Map.of(),
                OffsetDateTime.now());
        post(batch(writeEvent(UUID.randomUUID().toString(), ResourceEvent.VM_WRITE, vm)))
                .then().statusCode(200)
                .body("results[0].nics.decision", contains("APPLIED", "APPLIED"))
                .body("results[0].nics.tier", contains("A2", "A2"));
        assertEquals("A2", nic(nic1).path("properties").path("auxiliarySku").asText());
        assertEquals("A2", nic(nic2).path("properties").path("auxiliarySku").asText());
    }

    @Test
    void nicOfARunningVmIsDeferredWithTheReason() {
        String nic = putNic(arm, SUB, uniqueName("lb"), "eastus2", Map.of());
        putVm(arm, uniqueName("lb"), "Standard_D8s_v4", "running", List.of(nic), Map.of(), OffsetDateTime.now().minusDays(30));
        post(batch(nicEvent(UUID.randomUUID().toString(), nic)))
                .then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("DEFERRED"))
                .body("results[0].nics[0].reasons", contains("NIC_ATTACHED_TO_RUNNING_VM"));
        assertEquals(0, arm.count("nic.put"));
        assertEquals(0, arm.count("vm.deallocate"));
    }

    @Test
    void ineligibleNicOfARunningVmNamesEveryReasonOfTheRules() {
        // CompliancePolicy: a refused NIC is refused whatever its VM does; the power state only
        // says when an eligible NIC may be written, so it is not among the reasons.
        String nic = putNic(arm, SUB, uniqueName("app"), "eastus2", Map.of());
        putVm(arm, uniqueName("app"), "Standard_D8s_v5", "running", List.of(nic), Map.of(), OffsetDateTime.now());
        post(batch(nicEvent(UUID.randomUUID().toString(), nic)))
                .then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("INELIGIBLE"))
                .body("results[0].nics[0].reasons", contains("SIZE_FAMILY_EXCLUDED"));
        assertEquals(0, arm.count("nic.put"));
    }

    @Test
    void newRunningVmThatAllowsARestartIsDeallocatedAppliedAndStarted() {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of());
        String vm = putVm(arm, uniqueName("fw"), "Standard_D32s_v4", "running", List.of(nic),
                Map.of("accelconn-allow-restart", "true"), OffsetDateTime.now().minusMinutes(5));
        post(batch(writeEvent(UUID.randomUUID().toString(), ResourceEvent.VM_WRITE, vm)))
                .then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("RESTARTED_AND_APPLIED"))
                .body("results[0].nics[0].tier", equalTo("A8"));
        assertEquals(1, arm.count("vm.deallocate"));
        assertEquals(1, arm.count("vm.start"));
        assertEquals("running", arm.powerState(vm).orElseThrow());
        assertEquals("A8", nic(nic).path("properties").path("auxiliarySku").asText());
    }

    @Test
    void aRestartIsInFlightFromDeallocationToStartAndNotAfter() {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of());
        String vmName = uniqueName("fw");
        String vm = putVm(arm, vmName, "Standard_D16s_v4", "running", List.of(nic),
                Map.of("accelconn-allow-restart", "true"), OffsetDateTime.now().minusMinutes(5));
        java.util.concurrent.atomic.AtomicReference<Double> whileStarting = new java.util.concurrent.atomic.AtomicReference<>();
        arm.inject(new RequestHook("POST", vmName + "/start", () -> whileStarting.set(restartsInFlight())));
        post(batch(writeEvent(UUID.randomUUID().toString(), ResourceEvent.VM_WRITE, vm)))
                .then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("RESTARTED_AND_APPLIED"));
        assertTrue(whileStarting.get() != null && whileStarting.get() >= 1, "in flight while the VM starts: " + whileStarting.get());
        assertEquals(0.0, restartsInFlight(), "no cycle held once the VM runs again");
    }

    /** The gauge as /q/metrics shows it (Prometheus text), read over HTTP like any scraper. */
    private static double restartsInFlight() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^accelconn_enforcement_restarts_in_flight(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void ineligibleNicIsRecordedAndLeftAlone() {
        String nic = putNic(arm, SUB, uniqueName("app"), "brazilsouth", Map.of("accelconn-vm-size", "Standard_D8s_v5"));
        post(batch(nicEvent(UUID.randomUUID().toString(), nic)))
                .then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("INELIGIBLE"))
                .body("results[0].nics[0].reasons", contains("REGION_UNSUPPORTED", "SIZE_FAMILY_EXCLUDED"));
        assertEquals(0, arm.count("nic.put"));
        given().queryParam("nicId", nic).when().get("/audit").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].decision", equalTo("INELIGIBLE"));
    }

    @Test
    void sizeNewerThanTheSnapshotIsLearntFromTheResourceSkusApi() throws Exception {
        arm.setSkus(EventsFixtures.MAPPER.readTree("""
                {"value":[{"resourceType":"virtualMachines","name":"Standard_D16s_v9","tier":"Standard","size":"D16s_v9",
                  "family":"standardDSv9Family","locations":["eastus2"],"capabilities":[
                  {"name":"vCPUs","value":"16"},{"name":"vCPUsAvailable","value":"16"},
                  {"name":"AcceleratedNetworkingEnabled","value":"True"},{"name":"MaxNetworkInterfaces","value":"8"}]}]}"""));
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D16s_v9"));
        post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("APPLIED"))
                .body("results[0].nics[0].tier", equalTo("A4"));
        assertEquals(1, arm.count("skus.list"));
        // Known now: the next NIC of that size costs no catalog read.
        String second = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D16s_v9"));
        post(batch(nicEvent(UUID.randomUUID().toString(), second))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("APPLIED"));
        assertEquals(1, arm.count("skus.list"));
    }

    @Test
    void duplicateDeliveryWritesOnceAndRecordsOnce() {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        String event = batch(nicEvent(UUID.randomUUID().toString(), nic));
        post(event).then().statusCode(200).body("results[0].nics[0].decision", equalTo("APPLIED"));
        post(event).then().statusCode(200).body("results[0].outcome", equalTo("DUPLICATE"));
        assertEquals(1, arm.count("nic.put"));
        given().queryParam("nicId", nic).when().get("/audit").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void concurrentDuplicatesWriteOnceAndRecordOnce() throws Exception {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        String event = batch(nicEvent(UUID.randomUUID().toString(), nic));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch gun = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit(() -> {
                gun.await();
                return post(event).statusCode();
            }));
        }
        gun.countDown();
        for (Future<Integer> a : answers) {
            int status = a.get();
            // A duplicate that waited out duplicate-wait for the first delivery is answered 503, as
            // designed; Event Grid delivers it again. Do the same, without relying on who is faster.
            for (int redelivery = 0; status == 503 && redelivery < 10; redelivery++) {
                status = post(event).statusCode();
            }
            assertEquals(200, status);
        }
        pool.shutdown();
        post(event).then().statusCode(200).body("results[0].outcome", equalTo("DUPLICATE"));
        assertEquals(1, arm.count("nic.put"));
        given().queryParam("nicId", nic).when().get("/audit").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void ourOwnWriteEventCausesNoSecondWrite() {
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        arm.onNicWrite(written::add);
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        written.clear();
        post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200);
        arm.awaitNicWriteListeners();
        assertEquals(List.of(nic), written, "our write raised one NIC write");
        arm.resetCounts();
        // Event Grid now reports our own write: a new event id for the same NIC.
        post(batch(nicEvent(UUID.randomUUID().toString(), written.get(0)))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("UNCHANGED"));
        assertEquals(0, arm.count("nic.put"));
        assertEquals(1, arm.count("nic.get"), "a compliant NIC costs one read");
        assertEquals(1, arm.count("total"), arm.counts().toString());
    }

    @Test
    void concurrentWriterWinsTheRaceAndIsNotOverwritten() throws Exception {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        // Someone else tags the NIC between our read and our PUT, so the PUT carries a stale ETag: the
        // emulator makes that change just before it serves the PUT, so the other writer always wins.
        arm.inject(new RequestHook("PUT", ".*/networkInterfaces/" + nic.substring(nic.lastIndexOf('/') + 1) + "$",
                () -> arm.mutateNic(nic, n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n.with("tags"))
                        .put("change", "CHG-42"))));
        post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("APPLIED"));
        JsonNode after = nic(nic);
        assertEquals("CHG-42", after.path("tags").path("change").asText(), "the other writer's tag survived");
        assertEquals("AcceleratedConnections", after.path("properties").path("auxiliaryMode").asText());
        assertEquals(2, arm.count("nic.put"), "one PUT refused with 412, then one on the fresh ETag");
    }

    @Test
    void throttlingStormIsRiddenOut() {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        arm.inject(new FaultRule(null, ".*/networkInterfaces/.*", 429, "RetryableErrorDueToAnotherOperation", 0, 3, 0));
        post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("APPLIED"));
        assertEquals(3, arm.count("fault"));
        assertEquals("A2", nic(nic).path("properties").path("auxiliarySku").asText());
    }

    @Test
    void transientFailureAsksForRedeliveryThenSucceedsOnce() {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        String event = batch(nicEvent(UUID.randomUUID().toString(), nic));
        arm.inject(new FaultRule(null, ".*/networkInterfaces/.*", 500, "InternalServerError", null, -1, 0));
        post(event).then().statusCode(503).body("results[0].outcome", equalTo("RETRY"));
        arm.clearFaults();
        post(event).then().statusCode(200).body("results[0].nics[0].decision", equalTo("APPLIED"));
        given().queryParam("nicId", nic).when().get("/audit").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void mixedBatchHandlesTheGoodAndNamesTheBad() {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        String hostile = nicEvent(UUID.randomUUID().toString(),
                "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/../../x");
        String noId = "{\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\",\"data\":{}}";
        String other = writeEvent(UUID.randomUUID().toString(), "Microsoft.Storage/storageAccounts/write",
                "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st");
        post(batch(nicEvent(UUID.randomUUID().toString(), nic), hostile, noId, other))
                .then().statusCode(400)
                .body("results.status", contains(200, 400, 400, 200))
                .body("results.outcome", contains("HANDLED", "REJECTED", "REJECTED", "IGNORED"))
                .body("results[1].code", equalTo("INVALID_RESOURCE_ID"));
        assertEquals("AcceleratedConnections", nic(nic).path("properties").path("auxiliaryMode").asText());
    }

    @Test
    void subscriptionOutsideTheScopeIsRecordedAndIgnored() {
        String nic = putNic(arm, OTHER_SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        arm.resetCounts();
        post(batch(nicEvent(UUID.randomUUID().toString(), nic))).then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("OUT_OF_SCOPE"));
        assertEquals(0, arm.count("total"), "not even a read outside the scope");
        given().queryParam("nicId", nic).when().get("/audit").then().statusCode(200)
                .body("[0].decision", equalTo("OUT_OF_SCOPE"));
    }

    @Test
    void eventGridValidationHandshake() throws Exception {
        String body = Files.readString(EventFormsTest.REF.resolve("eventgrid/SubscriptionValidationEvent.request.docs.json"));
        given().contentType(ContentType.JSON).header("aeg-event-type", "SubscriptionValidation").body(body)
                .when().post("/events")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("validationResponse", equalTo("512d38b6-c7b8-40c8-89fe-f46f9e9622b6"));
        assertEquals(0, arm.count("total"));
    }

    @Test
    void cloudEventsAbuseProtectionHandshake() {
        given().header("WebHook-Request-Origin", "eventgrid.azure.net")
                .header("WebHook-Request-Callback", "https://rp-eastus2.eventgrid.azure.net:553/x")
                .when().options("/events")
                .then().statusCode(200).header("WebHook-Allowed-Origin", "eventgrid.azure.net");
        given().header("WebHook-Request-Origin", "evil.example").when().options("/events")
                .then().statusCode(403).body("code", equalTo("ORIGIN_NOT_ALLOWED"));
        given().when().options("/events").then().statusCode(400).body("code", equalTo("MISSING_ORIGIN"));
    }

    @Test
    void everyReferenceEventIsAcceptedInItsForm() throws Exception {
        for (String file : List.of("ResourceWriteSuccess.eventgrid-schema.docs.json",
                "ResourceDeleteSuccess.eventgrid-schema.docs.json", "ResourceWriteSuccessEvent.azure-sdk-for-java.json",
                "ResourceWriteFailureEvent.azure-sdk-for-java.json")) {
            given().contentType(ContentType.JSON).body(Files.readString(EventFormsTest.REF.resolve("eventgrid/" + file)))
                    .when().post("/events").then().statusCode(200).body("results[0].outcome", equalTo("IGNORED"));
        }
        given().contentType("application/cloudevents-batch+json; charset=utf-8")
                .body(Files.readString(EventFormsTest.REF.resolve("eventgrid/ResourceWriteSuccess.cloudevents-schema.docs.json")))
                .when().post("/events").then().statusCode(200).body("results[0].outcome", equalTo("IGNORED"));
        assertEquals(0, arm.count("total"));
    }

    @Test
    void singleCloudEventAppliesToo() {
        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_E16s_v5"));
        String ce = """
                {"specversion":"1.0","id":"%s","source":"/subscriptions/%s","subject":"%s",
                 "type":"Microsoft.Resources.ResourceWriteSuccess","time":"2026-11-25T10:00:00Z",
                 "data":{"resourceUri":"%s","operationName":"Microsoft.Network/networkInterfaces/write","status":"Succeeded"}}"""
                .formatted(UUID.randomUUID(), SUB, nic, nic);
        given().contentType("application/cloudevents+json; charset=utf-8").body(ce).when().post("/events")
                .then().statusCode(200).body("results[0].nics[0].decision", equalTo("APPLIED"));
    }

    @Test
    void badBodiesAreRefusedWithReasonCodes() {
        post("{\"not\":").then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        post("[]").then().statusCode(400).body("code", equalTo("EMPTY_BATCH"));
        given().contentType(ContentType.JSON).when().post("/events").then().statusCode(400).body("code", equalTo("MISSING_BODY"));
    }

    /** As the Functions host sends it: chunked, no Content-Length, the event as an object under Data. */
    @Test
    void functionsHostInvocation() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String fixture = Files.readString(EventFormsTest.REF.resolve("functions/eventgrid-trigger.request.azfunc-fixture.eventgrid-schema.json"));
        HttpResponse<String> r = http.send(chunkedPost("/enforce", fixture), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode answer = EventsFixtures.MAPPER.readTree(r.body());
        assertTrue(answer.has("Outputs") && answer.has("Logs") && answer.has("ReturnValue"), r.body());
        assertEquals("IGNORED", answer.path("ReturnValue").path("outcome").asText());

        String nic = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        String envelope = "{\"Data\":{\"event\":" + nicEvent(UUID.randomUUID().toString(), nic)
                + "},\"Metadata\":{\"sys\":{\"MethodName\":\"enforce\",\"UtcNow\":\"2026-11-25T10:00:00Z\"}}}";
        r = http.send(chunkedPost("/enforce", envelope), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("APPLIED", EventsFixtures.MAPPER.readTree(r.body()).path("ReturnValue").path("nics").path(0)
                .path("decision").asText());

        arm.inject(new FaultRule(null, ".*/networkInterfaces/.*", 503, "ServiceUnavailable", null, -1, 0));
        String other = putNic(arm, SUB, uniqueName("fw"), "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        r = http.send(chunkedPost("/enforce", "{\"Data\":{\"event\":" + nicEvent(UUID.randomUUID().toString(), other)
                + "},\"Metadata\":{}}"), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode(), "a failed invocation makes Event Grid deliver again");
    }

    @Test
    void auditQueryIsChecked() {
        given().queryParam("nicId", "/subscriptions/x/../../etc").when().get("/audit").then().statusCode(400);
        given().queryParam("from", "yesterday").when().get("/audit").then().statusCode(400).body("code", equalTo("INVALID_FIELD"));
        given().queryParam("limit", "5000").when().get("/audit").then().statusCode(400).body("code", equalTo("INVALID_FIELD"));
        given().queryParam("subscriptionId", SUB).queryParam("limit", "5").when().get("/audit").then().statusCode(200);
    }

    private HttpRequest chunkedPost(String path, String body) {
        var stream = new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return TestApiKey.sign(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path)))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Azure-Functions-InvocationId", UUID.randomUUID().toString())
                .header("User-Agent", "Azure-Functions-Host/4.1036.1.23224")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream)).build();
    }
}
