package io.accelconn.telemetry;

import static io.accelconn.telemetry.TelemetryFixtures.CAPTURE;
import static io.accelconn.telemetry.TelemetryFixtures.array;
import static io.accelconn.telemetry.TelemetryFixtures.freshNic;
import static io.accelconn.telemetry.TelemetryFixtures.freshVm;
import static io.accelconn.telemetry.TelemetryFixtures.sample;
import static io.accelconn.telemetry.TelemetryFixtures.stored;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.storage.TableClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** POST /cps through HTTP into a real Azurite: JSON samples and the cps tool's raw output. */
@QuarkusTest
@TestProfile(TelemetryProfile.class)
class CpsIngestTest {

    @Inject
    TableClients tables;

    @Inject
    SampleStore store;

    @Inject
    MeterRegistry registry;

    TableClient table() {
        return tables.telemetryTable();
    }

    static ValidatableResponse postJson(Object body) {
        return given().contentType(ContentType.JSON).body(body.toString()).when().post("/cps").then();
    }

    static ValidatableResponse postText(String text, String resourceId, Instant end, String... labels) {
        var request = given().contentType(ContentType.TEXT).body(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .queryParam("resourceId", resourceId).queryParam("timestamp", end.toString());
        for (String label : labels) {
            request = request.queryParam("label", label);
        }
        return request.when().post("/cps").then();
    }

    @Test
    void aSampleIsStoredWithEveryField() {
        String nic = freshNic();
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        ObjectNode s = sample(nic, t, 31250.5).put("activeConnections", 1500).put("failedConnections", 3)
                .put("source", "CPS-Tool").put("kind", "run").put("retransmitPercent", 3.2825);
        s.putObject("synRttUs").put("p50", 6221).put("p99", 54222);
        s.putArray("labels").add("After").add("fw-test-3");
        postJson(s).statusCode(200)
                .body("received", equalTo(1)).body("written", equalTo(1)).body("transactions", equalTo(1))
                .body("warnings", empty());
        List<CpsSample> rows = stored(table(), nic, t);
        assertEquals(1, rows.size());
        CpsSample s1 = rows.get(0);
        assertEquals(nic, s1.resource().toString());
        assertEquals(t, s1.timestamp());
        assertEquals(31250.5, s1.cps());
        assertEquals(1500L, s1.activeConnections());
        assertEquals(3L, s1.failedConnections());
        assertEquals("cps-tool", s1.source());
        assertEquals(SampleKind.RUN, s1.kind());
        assertEquals(new SynRtt(null, 6221.0, null, null, null, null, 54222.0, null, null), s1.synRtt());
        assertEquals(3.2825, s1.retransmitPercent());
        assertNull(s1.retransmitsPerConnection());
        assertEquals(List.of("after", "fw-test-3"), s1.labels());
        // One entity per hour, source and kind, with columns a person browsing the table can read.
        List<TableEntity> hours = TelemetryFixtures.hours(table(), nic, t);
        assertEquals(1, hours.size());
        TableEntity e = hours.get(0);
        assertEquals(SampleKeys.hourPrefix(t) + "_cps-tool_r", e.getRowKey());
        assertEquals(nic, e.getProperty("resourceId"));
        assertEquals("cps-tool", e.getProperty("source"));
        assertEquals("run", e.getProperty("kind"));
        assertEquals(1, ((Number) e.getProperty("samples")).intValue());
    }

    @Test
    void anHourOfSamplesIsOneEntity() {
        String nic = freshNic();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            samples.add(sample(nic, t0.plusMillis(i * 10L), 1000 + i));
        }
        postJson(array(samples)).statusCode(200).body("written", equalTo(250)).body("transactions", equalTo(1));
        assertEquals(250, stored(table(), nic, t0).size());
        assertEquals(1, TelemetryFixtures.hours(table(), nic, t0).size());
    }

    @Test
    void anHourThatWouldOutgrowItsEntityIsRefusedAndNothingOfTheRequestWritten() {
        String nic = freshNic();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        // Every field set: 130 bytes a sample encoded, so the 21st request of 300 (this profile's most)
        // takes the hour past 768 KiB; each one before it adds to the stored hour.
        for (int request = 0; request < 21; request++) {
            List<ObjectNode> samples = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ObjectNode s = sample(nic, t0.plusMillis(request * 300 + i), 1000 + i).put("activeConnections", 1500)
                        .put("failedConnections", 2).put("retransmitPercent", 0.5).put("retransmitsPerConnection", 1.1);
                ObjectNode rtt = s.putObject("synRttUs");
                for (String p : List.of("p25", "p50", "mean", "p75", "p90", "p95", "p99", "p999", "p9999")) {
                    rtt.put(p, 100 + i);
                }
                s.putArray("labels").add("after");
                samples.add(s);
            }
            ValidatableResponse answer = postJson(array(samples));
            if (request < 20) {
                answer.statusCode(200).body("written", equalTo(300));
            } else {
                answer.statusCode(400).body("code", equalTo("HOUR_FULL")).body("message", containsString("nothing was written"));
            }
        }
        assertEquals(6_000, stored(table(), nic, t0).size());
        TableEntity index = tables.watermarkTable().getEntity(SampleKeys.indexPartition(SampleKeys.day(t0)),
                SampleKeys.resourceKey(nic));
        assertEquals(index.getProperty(DayIndex.STARTED), index.getProperty(DayIndex.FINISHED),
                "the refused write counted itself out of the day index: reports still trust its copy");
    }

    @Test
    void aBatchIsWrittenInTransactionsOfAtMostOneHundredEntities() {
        String nic = freshNic();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).plusSeconds(1);
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            // 24 hours x 5 sources: 120 entities of one partition
            samples.add(sample(nic, t0.plus(Duration.ofHours(i % 24)).plusMillis(i), 1000 + i).put("source", "src-" + i % 5));
        }
        // 99 hours' entities and the partition's summary row per transaction.
        postJson(array(samples)).statusCode(200).body("written", equalTo(250)).body("transactions", equalTo(2));
        assertEquals(250, stored(table(), nic, t0).size());
        assertEquals(120, TelemetryFixtures.hours(table(), nic, t0).size());
    }

    @Test
    void aBatchAcrossResourcesAndDaysLandsInOnePartitionPerResourceAndDay() {
        String nicA = freshNic();
        String vmB = freshVm();
        Instant today = Instant.now().minusSeconds(60);
        Instant yesterday = today.minus(Duration.ofDays(1));
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            samples.add(sample(i % 2 == 0 ? nicA : vmB, (i % 4 < 2 ? today : yesterday).minusSeconds(i), i));
        }
        postJson(array(samples)).statusCode(200).body("written", equalTo(40)).body("transactions", equalTo(4));
        for (String r : List.of(nicA, vmB)) {
            for (Instant day : List.of(today, yesterday)) {
                assertEquals(10, stored(table(), r, day).size(), r + " " + day);
            }
        }
        for (Instant day : List.of(today, yesterday)) {
            Set<String> indexed = store.resourcesOn(java.time.LocalDate.ofInstant(day, java.time.ZoneOffset.UTC))
                    .map(SampleStore.IndexEntry::resourceId).collect(Collectors.toSet());
            assertTrue(indexed.containsAll(Set.of(nicA, vmB)), "the day index names both resources");
        }
    }

    @Test
    void aRetriedRequestWritesNoDuplicateAndACorrectionReplaces() {
        String nic = freshNic();
        Instant t = Instant.now().minusSeconds(120);
        List<ObjectNode> samples = List.of(sample(nic, t, 100), sample(nic, t.plusSeconds(10), 200),
                sample(nic, t.plusSeconds(10), 250).put("kind", "interval"));
        postJson(array(samples)).statusCode(200).body("written", equalTo(3));
        postJson(array(samples)).statusCode(200).body("written", equalTo(3));
        assertEquals(3, stored(table(), nic, t).size());

        postJson(sample(nic, t, 111)).statusCode(200);
        List<CpsSample> rows = stored(table(), nic, t);
        assertEquals(3, rows.size(), "same resource, time, source and kind: the same sample");
        assertTrue(rows.stream().anyMatch(e -> e.cps() == 111.0));
    }

    @Test
    void badSamplesAreNamedByIndexAndNothingIsWritten() {
        String nic = freshNic();
        Instant t = Instant.now().minusSeconds(60);
        List<ObjectNode> samples = List.of(sample(nic, t, 10), sample(nic, t, -1), sample(nic, t.plusSeconds(1), 12),
                sample(nic, t.minus(Duration.ofDays(40)), 13),
                sample("/subscriptions/" + TelemetryFixtures.SUB + "/resourceGroups/rg/providers/Microsoft.Storage"
                        + "/storageAccounts/st1", t, 14),
                sample(nic, t, 15).put("cpz", 1));
        postJson(array(samples)).statusCode(400)
                .body("code", equalTo("INVALID_SAMPLES"))
                .body("message", startsWith("4 of 6 samples are invalid and nothing was written: [1].cps must be a finite"))
                .body("message", containsString("[3].timestamp " + t.minus(Duration.ofDays(40))))
                .body("message", containsString("[4].resourceId must be a NIC"))
                .body("message", containsString("[5].cpz is not a sample field"));
        assertEquals(0, stored(table(), nic, t).size());

        postJson("[]").statusCode(400).body("code", equalTo("EMPTY_BATCH"));
        postJson("{\"resourceId\":").statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        postJson("\"just text\"").statusCode(400).body("code", equalTo("INVALID_BODY"));
        List<ObjectNode> tooMany = new ArrayList<>();
        for (int i = 0; i <= TelemetryProfile.MAX_SAMPLES; i++) {
            tooMany.add(sample(nic, t, i));
        }
        postJson(array(tooMany)).statusCode(400).body("code", equalTo("BATCH_TOO_LARGE"));
        postJson(sample(nic, t, 1).put("timestamp", "yesterday")).statusCode(400).body("message",
                containsString("timestamp must be an ISO-8601 time with an offset"));
        given().contentType(ContentType.URLENC).body("a=b").when().post("/cps").then().statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        assertEquals(0, stored(table(), nic, t).size());
    }

    @Test
    void withoutTheKeyNothingIsWrittenOrRead() {
        String nic = freshNic();
        Instant t = Instant.now().minusSeconds(60);
        given().header("x-functions-key", "not-the-key-of-this-app").contentType(ContentType.JSON)
                .body(sample(nic, t, 10).toString()).when().post("/cps").then().statusCode(401)
                .body("code", equalTo("INVALID_KEY"));
        given().header("x-functions-key", "not-the-key-of-this-app").queryParam("resourceId", nic)
                .when().get("/cps-report").then().statusCode(401).body("code", equalTo("INVALID_KEY"));
        assertEquals(0, stored(table(), nic, t).size());
    }

    @Test
    void refusedRequestsAreCountedByReasonCode() {
        double before = rejected("INVALID_SAMPLES");
        postJson(array(List.of(sample(freshNic(), Instant.now().minusSeconds(60), -5)))).statusCode(400)
                .body("code", equalTo("INVALID_SAMPLES"));
        assertEquals(before + 1, rejected("INVALID_SAMPLES"));
    }

    private double rejected(String code) {
        var counter = registry.find("accelconn.telemetry.rejected").tags("form", "json", "code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theReferenceCaptureIsSevenSamples() {
        String nic = freshNic();
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        postText(CAPTURE, nic, end, "before").statusCode(200)
                .body("received", equalTo(7)).body("written", equalTo(7)).body("runs", equalTo(1))
                .body("warnings", empty());
        List<CpsSample> rows = stored(table(), nic, end);
        if (!SampleKeys.day(end.minusSeconds(61)).equals(SampleKeys.day(end))) {
            rows.addAll(stored(table(), nic, end.minusSeconds(61))); // the run began the day before
        }
        assertEquals(7, rows.size());
        assertEquals(6, rows.stream().filter(e -> e.kind() == SampleKind.INTERVAL).count());
        CpsSample run = rows.stream().filter(e -> e.kind() == SampleKind.RUN).findFirst().orElseThrow();
        assertEquals(24164.0, run.cps());
        assertEquals(6221.0, run.synRtt().p50());
        assertEquals(List.of("before"), run.labels());

        // The same output again, with Windows line ends: the same seven samples, no more.
        postText(CAPTURE.replace("\n", "\r\n"), nic, end, "before").statusCode(200).body("written", equalTo(7));
        int again = stored(table(), nic, end).size()
                + (SampleKeys.day(end.minusSeconds(61)).equals(SampleKeys.day(end)) ? 0 : stored(table(), nic, end.minusSeconds(61)).size());
        assertEquals(7, again);
    }

    @Test
    void captureVariantsAreReadOrRefusedClearly() {
        String nic = freshNic();
        Instant end = Instant.now().minusSeconds(5);
        int cut = CAPTURE.indexOf("   40.002") + 12;
        postText(CAPTURE.substring(0, cut), nic, end).statusCode(200).body("written", equalTo(3))
                .body("warnings", hasSize(1)).body("warnings[0]", startsWith("line 5 has no line end"));
        postText(CAPTURE + CAPTURE, freshNic(), end).statusCode(200).body("written", equalTo(14)).body("runs", equalTo(2));
        postText("hello\n" + CAPTURE, nic, end).statusCode(400).body("code", equalTo("NOT_CPS_OUTPUT"))
                .body("message", startsWith("line 1 is not cps tool output: 'hello'"));
        given().contentType(ContentType.TEXT).body(CAPTURE).queryParam("resourceId", nic).when().post("/cps").then()
                .statusCode(400).body("code", equalTo("MISSING_FIELD")).body("message", containsString("timestamp"));
        postText(CAPTURE, "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n",
                end).statusCode(400).body("code", equalTo("INVALID_RESOURCE_ID"));
        postText(CAPTURE, nic, end, "Before!").statusCode(400).body("message", startsWith("label[0] must be"));
        postText(CAPTURE, nic, end.plus(Duration.ofHours(1))).statusCode(400).body("message",
                containsString("is outside the accepted window"));
    }
}
