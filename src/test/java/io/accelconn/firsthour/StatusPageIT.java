package io.accelconn.firsthour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.emulator.DemoFleet;
import io.accelconn.testsupport.Browser;
import io.accelconn.testsupport.LocalRun;

/**
 * The status page in a real headless Chromium (testsupport/Browser), against what {@code ./mvnw
 * -Plocal} starts with the demo fleet: after two sample events and a sweep, the page asks for the
 * key, then shows the decisions and the sweep's classes by region and tier exactly as the functions
 * answer them, draws wire text as text, keeps the key out of the page, and logs no console error.
 * CPS: without {@code GET /cps-report} in this build the panel says telemetry is not available; with
 * it, the cps samples are posted and both charts must have their bars.
 */
class StatusPageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An event id a hostile or broken sender could choose: the page must show it, not run it. */
    private static final String HOSTILE_ID = "<img src=x onerror=\"window.__accelconnInjected=true\">";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePageShowsTheDemoFleetsDecisionsSweepAndTelemetry() throws Exception {
        Path log = Files.createDirectories(Path.of("target/status-page")).resolve("app.log");
        try (LocalRun run = LocalRun.start(LocalRun.Options.forTest(log))) {
            String key = run.apiKey();
            assertEquals(200, post(run, "/events", "application/json", Files.readString(Path.of("samples/event-applied.json")), key).statusCode());
            assertEquals(200, post(run, "/events", "application/json", Files.readString(Path.of("samples/event-deferred.json")), key).statusCode());
            assertEquals(200, post(run, "/events", "application/json", hostileEvent(), key).statusCode());
            boolean telemetry = documented(run, "/cps-report");
            if (telemetry) {
                postCpsCaptures(run, key);
            }
            JsonNode report = sweep(run, key);

            Browser.Run browser = Browser.node(Path.of("src/test/js/status-page.cjs"),
                    Map.of("APP_URL", run.baseUrl(), "APP_KEY", key), Duration.ofSeconds(120));
            assertEquals(0, browser.exit(), browser.output());
            String line = browser.output().lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("the script printed no RESULT: " + browser.output()));
            JsonNode page = JSON.readTree(line.substring("RESULT ".length()));

            assertEquals(List.of(), list(page.path("problems")), "no console error, failed request or 4xx/5xx");
            assertTrue(page.path("formFirst").asBoolean(), "the page asks for the key before it shows data");
            assertFalse(page.path("keyInPage").asBoolean(), "the key is not in the page");
            assertFalse(page.path("keyInUrl").asBoolean(), "the key is not in the address");
            assertTrue(page.path("chartLibrary").asBoolean(), "Chart.js loaded from the app");

            Map<String, List<String>> decisions = new HashMap<>();
            for (JsonNode row : page.path("decisions")) {
                decisions.put(row.get(1).asText(), list(row));
            }
            assertEquals("APPLIED", decisions.get("fw-eus2-01-nic0").get(2), decisions.toString());
            assertEquals("A4", decisions.get("fw-eus2-01-nic0").get(4));
            assertEquals("DEFERRED", decisions.get("fw-eus2-02-nic0").get(2));
            assertEquals("NIC_ATTACHED_TO_RUNNING_VM", decisions.get("fw-eus2-02-nic0").get(3));
            assertEquals(HOSTILE_ID, decisions.get("sdwan-weu-02-nic0").get(6), "wire text shown as text");
            assertFalse(page.path("scriptRan").asBoolean(), "markup from the wire never runs");

            assertTrue(page.path("sweepStatus").asText().startsWith(report.path("runId").asText() + ": COMPLETED"),
                    page.path("sweepStatus").asText());
            assertEquals(classCounts(report.path("byRegion")), tableCounts(page.path("regions")), "sweep by region");
            assertEquals(classCounts(report.path("byTier")), tableCounts(page.path("tiers")), "sweep by tier");

            JsonNode charts = page.path("charts");
            if (telemetry) {
                assertTrue(charts.get(0).path("labels").toString().contains("fw-eus2-01-nic0"), charts.toString());
                assertEquals(3, charts.get(0).path("datasets").size(), "before, after and the promised 25x");
                assertTrue(charts.get(1).path("labels").size() > 0, "a tier with samples before and after: " + charts);
            } else {
                assertTrue(page.path("cpsStatus").asText().contains("not available yet"), page.path("cpsStatus").asText());
                assertTrue(charts.get(0).isNull() && charts.get(1).isNull(), "no chart without telemetry: " + charts);
            }
        }
    }

    /** A NIC write event for a demo NIC whose id is markup. */
    private static String hostileEvent() throws IOException {
        DemoFleet.Nic nic = DemoFleet.nic("sdwan-weu-02-nic0");
        ArrayNode events = (ArrayNode) JSON.readTree(Files.readString(Path.of("samples/event-deferred.json")));
        ObjectNode event = (ObjectNode) events.get(0);
        event.put("id", HOSTILE_ID);
        event.put("subject", nic.id());
        ((ObjectNode) event.get("data")).put("resourceUri", nic.id());
        return JSON.writeValueAsString(events);
    }

    /** Starts an audit sweep and waits (bounded) until its report says COMPLETED. */
    private JsonNode sweep(LocalRun run, String key) throws Exception {
        HttpResponse<String> started = post(run, "/sweep", "application/json", "{\"mode\":\"audit\"}", key);
        assertEquals(202, started.statusCode(), started.body());
        String runId = JSON.readTree(started.body()).path("runId").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            JsonNode report = JSON.readTree(get(run, "/sweep-report?runId=" + runId, key).body());
            String status = report.path("status").asText();
            if (status.equals("COMPLETED")) {
                return report;
            }
            assertNotNull(status);
            assertFalse(status.equals("FAILED") || Instant.now().isAfter(deadline), "the sweep ended " + report);
            Thread.sleep(200);
        }
    }

    /** The cps samples of samples/, before and after, on the NIC the applied event enabled (the cps branch's POST /cps). */
    private void postCpsCaptures(LocalRun run, String key) throws Exception {
        String nic = DemoFleet.nic("fw-eus2-01-nic0").id();
        Instant now = Instant.now();
        for (String label : List.of("before", "after")) {
            Instant at = label.equals("before") ? now.minus(Duration.ofHours(2)) : now.minus(Duration.ofMinutes(10));
            HttpResponse<String> r = post(run, "/cps?resourceId=" + nic + "&label=" + label + "&timestamp=" + at,
                    "text/plain", Files.readString(Path.of("samples/cps-" + label + ".txt")), key);
            assertEquals(200, r.statusCode(), r.body());
        }
    }

    private boolean documented(LocalRun run, String path) throws Exception {
        return JSON.readTree(get(run, "/q/openapi?format=json", null).body()).path("paths").has(path);
    }

    /** key -> class -> count, from a report's byRegion or byTier. */
    private static Map<String, Map<String, String>> classCounts(JsonNode byKey) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> keys = byKey.fields(); keys.hasNext();) {
            Map.Entry<String, JsonNode> k = keys.next();
            Map<String, String> counts = new TreeMap<>();
            k.getValue().fields().forEachRemaining(c -> counts.put(c.getKey(), c.getValue().asText()));
            out.put(k.getKey(), counts);
        }
        return out;
    }

    /** The same from the page's table: a header row (key, classes..., NICs), then a row per key. */
    private static Map<String, Map<String, String>> tableCounts(JsonNode table) {
        List<String> header = list(table.get(0));
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (int r = 1; r < table.size(); r++) {
            List<String> row = list(table.get(r));
            Map<String, String> counts = new TreeMap<>();
            for (int c = 1; c < header.size() - 1; c++) {
                if (!row.get(c).isEmpty()) {
                    counts.put(header.get(c), row.get(c));
                }
            }
            out.put(row.get(0), counts);
        }
        return out;
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private HttpResponse<String> post(LocalRun run, String path, String type, String body, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(run.baseUrl() + path)).header("Content-Type", type)
                .header("x-functions-key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(LocalRun run, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(run.baseUrl() + path));
        if (key != null) {
            b.header("x-functions-key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
