package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator's wire behaviour seen with a bare HTTP client: status codes, headers and bodies. */
class ArmEmulatorWireTest {
    private static final String SUB = "00000000-1111-4222-8333-444444444444";
    private static final String NIC = RawArm.nicPath(SUB, "rg1", "nic1");
    private static ArmEmulator emulator;
    private static RawArm arm;

    @BeforeAll
    static void start() {
        emulator = ArmEmulator.start(0);
        arm = new RawArm(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static String nicBody(String auxMode, String auxSku, boolean acceleratedNetworking) {
        ObjectNode body = Json.object();
        body.put("location", "East US 2");
        body.putObject("tags").put("fastpathenabled", "true");
        ObjectNode p = body.putObject("properties");
        p.put("enableAcceleratedNetworking", acceleratedNetworking);
        if (auxMode != null) p.put("auxiliaryMode", auxMode);
        if (auxSku != null) p.put("auxiliarySku", auxSku);
        ObjectNode ipc = p.putArray("ipConfigurations").addObject();
        ipc.put("name", "ipconfig1");
        ipc.putObject("properties").putObject("subnet").put("id",
                "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v/subnets/default");
        return body.toString();
    }

    private static RawArm.Reply createNic() {
        RawArm.Reply r = arm.put(NIC, nicBody(null, null, true), null);
        assertEquals(201, r.status(), r.body());
        return r;
    }

    @Test
    void authenticationAndApiVersionAreCheckedFirst() {
        String path = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/nic1";
        RawArm.Reply noAuth = arm.send(HttpRequest.newBuilder(java.net.URI.create(emulator.baseUrl() + NIC)).GET().build());
        assertEquals(401, noAuth.status());
        assertEquals("AuthenticationFailed", noAuth.errorCode());
        assertNotNull(noAuth.header("WWW-Authenticate"));

        RawArm.Reply missing = arm.get(path);
        assertEquals(400, missing.status());
        assertEquals("MissingApiVersionParameter", missing.errorCode());
        RawArm.Reply invalid = arm.get(path + "?api-version=2025-3-1");
        assertEquals(400, invalid.status());
        assertEquals("InvalidApiVersionParameter", invalid.errorCode());
        assertTrue(invalid.json().at("/error/message").asText().contains("2025-3-1"));

        RawArm.Reply notFound = arm.get(path + "?api-version=2024-01-01-preview");
        assertEquals(404, notFound.status());
        assertEquals("ResourceNotFound", notFound.errorCode());
        assertNotNull(notFound.header("x-ms-request-id"));
        assertNotNull(notFound.header("x-ms-correlation-request-id"));
        assertEquals("249", notFound.header("x-ms-ratelimit-remaining-subscription-reads"), "refused requests took no token");
        assertEquals(404, arm.get("/subscriptions/" + SUB + "/providers/Microsoft.Storage/storageAccounts?api-version=2023-01-01").status());
    }

    @Test
    void putIsALongRunningOperationAndTheEtagMovesOnWhenItSucceeds() {
        RawArm.Reply put = createNic();
        JsonNode body = put.json();
        assertEquals("Updating", body.at("/properties/provisioningState").asText());
        assertEquals("eastus2", body.get("location").asText());
        assertEquals("/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/nic1",
                body.get("id").asText());
        assertTrue(body.get("etag").asText().startsWith("W/\""));
        assertEquals("Regular", body.get("kind").asText());
        assertEquals("0", put.header("Retry-After"));
        assertEquals("199", put.header("x-ms-ratelimit-remaining-subscription-writes"));
        String operation = put.header("Azure-AsyncOperation");
        assertTrue(operation.startsWith(emulator.baseUrl() + "/subscriptions/" + SUB
                + "/providers/Microsoft.Network/locations/eastus2/operations/"), operation);
        assertTrue(operation.endsWith("?api-version=" + RawArm.NIC_API), operation);

        assertEquals("InProgress", arm.get(operation).json().get("status").asText());
        assertEquals("Updating", arm.get(NIC).json().at("/properties/provisioningState").asText());
        assertEquals("Succeeded", arm.get(operation).json().get("status").asText());
        RawArm.Reply after = arm.get(NIC);
        assertEquals("Succeeded", after.json().at("/properties/provisioningState").asText());
        assertEquals("Succeeded", after.json().at("/properties/ipConfigurations/0/properties/provisioningState").asText());
        assertNotEquals(body.get("etag").asText(), after.json().get("etag").asText(), "as in the recorded exchange");
        assertEquals(after.header("ETag"), after.json().get("etag").asText());
        assertEquals(2, emulator.count("operation.get"));
    }

    @Test
    void ifMatchRules() {
        createNic();
        String etag = arm.get(NIC).header("ETag");

        RawArm.Reply noIfMatch = arm.put(NIC, nicBody("AcceleratedConnections", "A1", true), null);
        assertEquals(428, noIfMatch.status());
        assertEquals("PreconditionRequired", noIfMatch.errorCode());
        assertEquals("accelconn contract: updates must carry If-Match", noIfMatch.json().at("/error/message").asText());

        RawArm.Reply stale = arm.put(NIC, nicBody("AcceleratedConnections", "A1", true), "W/\"00000000-0000-4000-8000-000000000000\"");
        assertEquals(412, stale.status());
        assertEquals("PreconditionFailed", stale.errorCode());
        assertEquals(412, arm.patch(NIC, "{\"tags\":{}}", "W/\"nope\"").status());
        assertEquals(428, arm.patch(NIC, "{\"tags\":{}}", null).status());
        assertEquals(etag, arm.get(NIC).header("ETag"), "refused writes change nothing");

        RawArm.Reply ok = arm.put(NIC, nicBody("AcceleratedConnections", "A1", true), etag);
        assertEquals(200, ok.status(), ok.body());
        assertEquals("AcceleratedConnections", ok.json().at("/properties/auxiliaryMode").asText());
        RawArm.Reply star = arm.put(NIC, nicBody("AcceleratedConnections", "A2", true), "*");
        assertEquals(200, star.status());
        assertEquals(412, arm.put(RawArm.nicPath(SUB, "rg1", "absent"), nicBody(null, null, true), "*").status(),
                "If-Match: * needs an existing resource");

        RawArm.Reply patched = arm.patch(NIC, "{\"tags\":{\"owner\":\"netops\"}}", star.json().get("etag").asText());
        assertEquals(200, patched.status());
        assertEquals("{\"owner\":\"netops\"}", patched.json().get("tags").toString());
        assertNotEquals(star.json().get("etag").asText(), patched.header("ETag"));
        assertEquals("A2", patched.json().at("/properties/auxiliarySku").asText());
    }

    @Test
    void auxiliaryFieldsAreValidated() {
        RawArm.Reply badSku = arm.put(NIC, nicBody("AcceleratedConnections", "A3", true), null);
        assertEquals(400, badSku.status());
        assertEquals("InvalidRequestFormat", badSku.errorCode());
        String message = badSku.json().at("/error/message").asText();
        assertTrue(message.contains("auxiliarySku") && message.contains("A3"), message);

        RawArm.Reply badMode = arm.put(NIC, nicBody("Accelerated", "A1", true), null);
        assertEquals(400, badMode.status());
        assertTrue(badMode.json().at("/error/message").asText().contains("auxiliaryMode"));

        RawArm.Reply noAn = arm.put(NIC, nicBody("AcceleratedConnections", "A1", false), null);
        assertEquals(400, noAn.status());
        assertEquals("InvalidParameter", noAn.errorCode());
        assertTrue(noAn.json().at("/error/message").asText().contains("enableAcceleratedNetworking"));

        RawArm.Reply noSku = arm.put(NIC, nicBody("AcceleratedConnections", null, true), null);
        assertEquals(400, noSku.status());

        assertEquals(400, arm.put(NIC, "not json", null).status());
        assertEquals("LocationRequired", arm.put(NIC, "{\"properties\":{}}", null).errorCode());
        assertTrue(emulator.nic("/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/nic1").isEmpty(),
                "nothing half-written");
        assertEquals(201, arm.put(NIC, nicBody("MaxConnections", "A2", true), null).status());
    }

    @Test
    void serverOwnedFieldsStaySoAndPathsAreCaseInsensitive() {
        ObjectNode body = (ObjectNode) Reference.parse(nicBody(null, null, true));
        ((ObjectNode) body.get("properties")).putObject("virtualMachine").put("id", "/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/z");
        ((ObjectNode) body.get("properties")).put("provisioningState", "Succeeded");
        body.put("id", "/somewhere/else");
        RawArm.Reply put = arm.put("/SUBSCRIPTIONS/" + SUB + "/resourcegroups/rg1/providers/microsoft.network/NETWORKINTERFACES/Nic1?api-version=2025-03-01",
                body.toString(), null);
        assertEquals(201, put.status(), put.body());
        assertTrue(put.json().at("/properties/virtualMachine").isMissingNode(), "a client cannot attach a VM by PUT");
        assertEquals("Updating", put.json().at("/properties/provisioningState").asText());
        String canonical = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/Nic1";
        assertEquals(canonical, put.json().get("id").asText());
        // Same resource under any casing; the id keeps the case it was created with.
        assertEquals(canonical, arm.get(RawArm.nicPath(SUB, "RG1", "NIC1")).json().get("id").asText());
        assertEquals(canonical + "/ipConfigurations/ipconfig1", put.json().at("/properties/ipConfigurations/0/id").asText());
    }

    @Test
    void faultsAnswerWithTheirStatusRetryAfterAndCount() {
        createNic();
        emulator.resetCounts();
        emulator.inject(FaultRule.error("GET", "networkinterfaces/nic1$", 429, "RetryableErrorDueToAnotherOperation", 7, 2));
        for (int i = 0; i < 2; i++) {
            RawArm.Reply r = arm.get(NIC);
            assertEquals(429, r.status());
            assertEquals("7", r.header("Retry-After"));
            assertEquals("RetryableErrorDueToAnotherOperation", r.errorCode());
        }
        assertEquals(200, arm.get(NIC).status());
        assertEquals(2, emulator.count("fault"));
        assertEquals(3, emulator.count("nic.get"));
        assertEquals(3, emulator.count("total"));

        emulator.inject(FaultRule.error("PUT", null, 409, "AnotherOperationInProgress", null, -1));
        assertEquals("AnotherOperationInProgress", arm.put(NIC, nicBody(null, null, true), "*").errorCode());
        assertEquals(409, arm.put(NIC, nicBody(null, null, true), "*").status());
        emulator.clearFaults();
        assertEquals(200, arm.put(NIC, nicBody(null, null, true), "*").status());

        emulator.inject(FaultRule.delay(null, "nic1", 300, 1));
        long start = System.nanoTime();
        assertEquals(200, arm.get(NIC).status());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 290);
    }

    @Test
    void concurrentWritesWithTheSameEtagHaveExactlyOneWinner() throws Exception {
        createNic();
        String etag = arm.get(NIC).header("ETag");
        List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            HttpRequest req = arm.request(NIC).header("Content-Type", "application/json").header("If-Match", etag)
                    .PUT(HttpRequest.BodyPublishers.ofString(nicBody("AcceleratedConnections", i % 2 == 0 ? "A1" : "A2", true)))
                    .build();
            writes.add(arm.client().sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> w : writes) statuses.add(w.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(15, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
    }

    @Test
    void writeListenersHearEverySuccessfulPutAndPatch() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        emulator.onNicWrite(heard::add);
        createNic();
        String etag = arm.get(NIC).header("ETag");
        arm.patch(NIC, "{\"tags\":{\"a\":\"b\"}}", etag);
        arm.patch(NIC, "{\"tags\":{\"a\":\"c\"}}", "W/\"stale\"");
        emulator.awaitNicWriteListeners();
        String id = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/nic1";
        assertEquals(List.of(id, id), heard);
    }

    @Test
    void throttlingRefusesWithRetryAfterWhenEnforced() {
        try (ArmEmulator strict = ArmEmulator.start(EmulatorOptions.builder().enforceThrottling(true).build())) {
            RawArm raw = new RawArm(strict);
            String deallocate = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1/deallocate?api-version=2025-04-01";
            RawArm.Reply last = null;
            int sent = 0;
            while (sent < 400) {
                last = raw.post(deallocate, "");
                sent++;
                if (last.status() == 429) break;
                assertEquals(404, last.status());
            }
            assertEquals(429, last.status(), "still not throttled after " + sent + " writes");
            assertTrue(sent > 200, "burst is 200, sent " + sent);
            assertEquals("SubscriptionRequestsThrottled", last.errorCode());
            assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1);
            assertEquals("0", last.header("x-ms-ratelimit-remaining-subscription-writes"));
            // Reads have their own bucket.
            assertEquals(404, raw.get(RawArm.nicPath(SUB, "rg1", "x")).status());
            // Another subscription has its own buckets.
            assertEquals(404, raw.post(deallocate.replace(SUB, "11111111-1111-4111-8111-111111111111"), "").status());
            // Resource Graph: 15 queries per 5 s per user.
            String graph = "/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01";
            String query = "{\"query\":\"Resources | where type =~ 'microsoft.network/networkinterfaces'\"}";
            for (int i = 14; i >= 0; i--) {
                RawArm.Reply ok = raw.post(graph, query);
                assertEquals(200, ok.status());
                assertEquals(Integer.toString(i), ok.header("x-ms-user-quota-remaining"));
            }
            RawArm.Reply limited = raw.post(graph, query);
            assertEquals(429, limited.status());
            assertEquals("RateLimiting", limited.errorCode());
            assertNotNull(limited.header("Retry-After"));
        }
    }

    @Test
    void resourceGraphPagesWithSkipTokenAndShapesRowsLikeArg() {
        FleetSummary fleet = emulator.seedFleet(new FleetSpec(2, 1200, 4, null, 0.5, 0.1, 5));
        ObjectNode request = Json.object();
        fleet.subscriptionIds().forEach(request.putArray("subscriptions")::add);
        request.put("query", "Resources | where type =~ 'Microsoft.Network/networkInterfaces' | project id, properties");
        ObjectNode options = request.putObject("options");
        options.put("$top", 1000);
        options.put("resultFormat", "objectArray");
        Set<String> ids = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        String graph = "/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01";
        while (true) {
            RawArm.Reply r = arm.post(graph, request.toString());
            assertEquals(200, r.status(), r.body());
            JsonNode page = r.json();
            assertEquals(2400, page.get("totalRecords").asLong());
            assertEquals(page.get("data").size(), page.get("count").asInt());
            assertEquals("false", page.get("resultTruncated").asText());
            assertTrue(page.get("facets").isArray());
            assertNotNull(r.header("x-ms-user-quota-remaining"));
            pageSizes.add(page.get("data").size());
            page.get("data").forEach(row -> ids.add(row.get("id").asText()));
            if (!page.has("$skipToken")) break;
            options.put("$skipToken", page.get("$skipToken").asText());
        }
        assertEquals(List.of(1000, 1000, 400), pageSizes);
        assertEquals(2400, ids.size());
        options.remove("$skipToken");
        options.put("$skip", 2300);
        JsonNode skipped = arm.post(graph, request.toString()).json();
        assertEquals(100, skipped.get("count").asInt());
        assertFalse(skipped.has("$skipToken"));
        options.remove("$skip");

        request.put("query", "Resources | where type =~ 'microsoft.compute/virtualmachines' | project id, properties");
        options.remove("$skipToken");
        options.put("$top", 5);
        JsonNode vms = arm.post(graph, request.toString()).json();
        assertEquals(fleet.vms(), vms.get("totalRecords").asInt());
        JsonNode row = vms.get("data").get(0);
        assertEquals("microsoft.compute/virtualmachines", row.get("type").asText());
        assertEquals("rg-fleet-00", row.get("resourceGroup").asText());
        assertTrue(row.at("/properties/extended/instanceView/powerState/code").asText().startsWith("PowerState/"));
        assertFalse(row.at("/properties/hardwareProfile/vmSize").asText().isEmpty());
        assertTrue(fleet.subscriptionIds().contains(row.get("subscriptionId").asText()));

        options.put("$top", 1001);
        assertEquals(400, arm.post(graph, request.toString()).status());
        assertEquals("InvalidQuery", arm.post(graph, "{\"query\":\"ResourceContainers\"}").errorCode());
    }

    @Test
    void metricsHaveTheMonitorShapeAndShowTheAcceleratedConnectionsGain() throws InterruptedException {
        // The gain starts at the minute of the change: keep the whole test inside one minute.
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 57_000) Thread.sleep(60_100 - intoMinute);
        createNic();
        String nicId = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/nic1";
        String vmId = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1";
        ObjectNode vm = Json.object().put("location", "eastus2");
        ObjectNode vmProps = vm.putObject("properties");
        vmProps.putObject("hardwareProfile").put("vmSize", "Standard_D8s_v5");
        vmProps.putObject("networkProfile").putArray("networkInterfaces").addObject().put("id", nicId);
        emulator.putVm(vmId, vm, "running");

        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        String timespan = end.minus(Duration.ofMinutes(10)) + "/" + end;
        String query = vmId + "/providers/Microsoft.Insights/metrics?metricnames="
                + "Inbound%20Flows,Outbound%20Flows,Inbound%20Flows%20Maximum%20Creation%20Rate,Outbound%20Flows%20Maximum%20Creation%20Rate"
                + "&timespan=" + timespan + "&interval=PT1M&aggregation=average,maximum&api-version=2023-10-01";
        RawArm.Reply before = arm.get(query);
        assertEquals(200, before.status(), before.body());
        JsonNode m = before.json();
        assertEquals("PT1M", m.get("interval").asText());
        assertEquals("Microsoft.Compute/virtualMachines", m.get("namespace").asText());
        assertEquals("eastus2", m.get("resourceregion").asText());
        assertTrue(m.get("cost").isNumber());
        assertEquals(4, m.get("value").size());
        JsonNode rate = m.get("value").get(2);
        assertEquals(vmId + "/providers/Microsoft.Insights/metrics/Inbound Flows Maximum Creation Rate", rate.get("id").asText());
        assertEquals("Microsoft.Insights/metrics", rate.get("type").asText());
        assertEquals("Inbound Flows Maximum Creation Rate", rate.at("/name/value").asText());
        assertEquals("CountPerSecond", rate.get("unit").asText());
        assertEquals("Count", m.get("value").get(0).get("unit").asText());
        assertEquals("Success", rate.get("errorCode").asText());
        JsonNode series = rate.at("/timeseries/0");
        assertTrue(series.get("metadatavalues").isArray());
        JsonNode data = series.get("data");
        assertEquals(10, data.size());
        assertTrue(data.get(0).has("timeStamp") && data.get(0).has("average") && data.get(0).has("maximum"));
        assertEquals(before.json(), arm.get(query).json(), "deterministic");

        String etag = arm.get(NIC).header("ETag");
        assertEquals(200, arm.put(NIC, nicBody("AcceleratedConnections", "A8", true), etag).status());
        JsonNode afterData = arm.get(query).json().get("value").get(2).at("/timeseries/0/data");
        double lastBefore = data.get(9).get("average").asDouble();
        double lastAfter = afterData.get(9).get("average").asDouble();
        assertEquals(25.0, lastAfter / lastBefore, 0.001, "A8 gives the 25x headline on the current minute");
        assertEquals(data.get(0).get("average").asDouble(), afterData.get(0).get("average").asDouble(),
                "minutes before the change keep their values");

        JsonNode nicMetrics = arm.get(nicId + "/providers/Microsoft.Insights/metrics?metricnames=CreationRateMaxTotalFlowsIn,CurrentTotalFlowsOut"
                + "&timespan=PT5M&api-version=2023-10-01").json();
        assertEquals("Microsoft.Network/networkInterfaces", nicMetrics.get("namespace").asText());
        assertEquals(2, nicMetrics.get("value").size());

        emulator.setMetric(vmId, "Inbound Flows", new double[]{1, 2, 3});
        JsonNode pinned = arm.get(query).json().get("value").get(0).at("/timeseries/0/data");
        assertEquals(3, pinned.size());
        assertEquals(2.0, pinned.get(1).get("average").asDouble());

        assertEquals("BadRequest", arm.get(vmId + "/providers/Microsoft.Insights/metrics?metricnames=Bogus&api-version=2023-10-01").errorCode());
        assertEquals(404, arm.get(vmId.replace("vm1", "vm2") + "/providers/Microsoft.Insights/metrics?api-version=2023-10-01").status());
    }

    @Test
    void vmListsPageAndStatusOnlyEmbedsThePowerState() {
        FleetSummary fleet = emulator.seedFleet(new FleetSpec(1, 300, 1, List.of("westeurope"), 1.0, 0.0, 9));
        String list = "/subscriptions/" + fleet.subscriptionIds().get(0)
                + "/providers/Microsoft.Compute/virtualMachines?api-version=2025-04-01&statusOnly=true";
        int total = 0;
        int pages = 0;
        String next = list;
        while (next != null) {
            JsonNode page = arm.get(next).json();
            total += page.get("value").size();
            pages++;
            assertTrue(page.at("/value/0/properties/instanceView/statuses/1/code").asText().startsWith("PowerState/"));
            next = page.hasNonNull("nextLink") ? page.get("nextLink").asText() : null;
            if (next != null) assertTrue(next.contains("api-version=2025-04-01") && next.contains("$skiptoken="), next);
        }
        assertEquals(300, total);
        assertEquals(3, pages);
    }

    @Test
    void adminSurfaceDrivesTheSameState() {
        RawArm.Reply seeded = arm.post("/_emulator/seed", "{\"subscriptions\":1,\"nicsPerSubscription\":10,\"seed\":3}");
        assertEquals(200, seeded.status(), seeded.body());
        assertEquals(10, seeded.json().get("nics").asInt());
        String sub = seeded.json().at("/subscriptionIds/0").asText();

        JsonNode sample = Reference.json("arm/NetworkInterfaceGet.2025-05-01.json").at("/responses/200/body");
        String id = "/subscriptions/" + sub + "/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/admin-nic";
        assertEquals(200, arm.put("/_emulator/nics?id=" + id, sample.toString(), null).status());
        assertEquals("admin-nic", arm.get(id + "?api-version=2025-03-01").json().get("name").asText());

        assertEquals(201, arm.post("/_emulator/faults",
                "{\"method\":\"GET\",\"pathRegex\":\"admin-nic\",\"status\":503,\"errorCode\":\"ServiceUnavailable\",\"retryAfterSeconds\":2}").status());
        RawArm.Reply faulted = arm.get(id + "?api-version=2025-03-01");
        assertEquals(503, faulted.status());
        assertEquals("2", faulted.header("Retry-After"));
        assertEquals(200, arm.get(id + "?api-version=2025-03-01").status(), "times defaults to once");

        JsonNode counts = arm.get("/_emulator/counts").json();
        assertEquals(3, counts.get("nic.get").asInt());
        assertEquals(1, counts.get("fault").asInt());
        assertEquals(3, counts.get("total").asInt(), "admin calls are not counted");

        assertEquals(204, arm.post("/_emulator/reset", "").status());
        assertEquals(404, arm.get(id + "?api-version=2025-03-01").status());
        assertEquals(0, emulator.count("fault"));
    }
}
