package io.accelconn.telemetry;

import static io.accelconn.telemetry.TelemetryFixtures.array;
import static io.accelconn.telemetry.TelemetryFixtures.freshNic;
import static io.accelconn.telemetry.TelemetryFixtures.sample;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.azure.ResourceId;
import io.accelconn.storage.TableClients;
import io.accelconn.testsupport.PersistentAzuriteResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * Azurite stopped in the middle of a large POST /cps and started again: every sample the answer
 * calls committed is there afterwards, the rest are reported by index with a status that asks for
 * them again, and sending them again leaves no duplicate.
 */
@QuarkusTest
@TestProfile(AzuriteRestartTest.Profile.class)
class AzuriteRestartTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PersistentAzuriteResource.class));
        }
    }

    static final int SAMPLES = 2_000;
    /**
     * Spread over NICs, a partition each: a partition's hour is one entity, so the request is one
     * transaction per NIC, and enough of them are left when Azurite stops after the first two.
     */
    static final int NICS = 100;

    @Inject
    MeterRegistry registry;

    @Inject
    TableClients tables;

    @Test
    void acknowledgedSamplesSurviveAndTheRestAreReportedNotWritten() throws Exception {
        List<String> nics = new ArrayList<>();
        for (int n = 0; n < NICS; n++) {
            nics.add(freshNic());
        }
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.DAYS).plusSeconds(1);
        if (Duration.between(t0, Instant.now()).toSeconds() < SAMPLES) {
            t0 = t0.minus(Duration.ofDays(1)); // keep every sample in one earlier day, all in the past
        }
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            samples.add(sample(nics.get(i % NICS), t0.plusSeconds(i), i));
        }
        String body = array(samples).toString();
        // The first sample transaction through warms the path: from then on, count this request's own.
        given().contentType(ContentType.JSON).body(sample(freshNic(), t0, 1).toString()).post("/cps").then().statusCode(200);
        Timer transactions = registry.get("accelconn.telemetry.transactions").timer();
        long before = transactions.count();

        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                () -> given().contentType(ContentType.JSON).body(body).post("/cps"));
        while (transactions.count() < before + 2 && !answer.isDone()) {
            Thread.sleep(2);
        }
        PersistentAzuriteResource.stopAzurite();
        Response response = answer.get();

        assertEquals(503, response.statusCode(), response.asString());
        assertEquals("5", response.header("Retry-After"));
        JsonPath json = response.jsonPath();
        assertEquals("PARTIALLY_WRITTEN", json.getString("code"));
        List<Integer> committed = json.getList("committed", Integer.class);
        List<Integer> notCommitted = json.getList("notCommitted", Integer.class);
        assertFalse(committed.isEmpty(), "Azurite was stopped after the first transactions committed");
        assertFalse(notCommitted.isEmpty(), "and before the last");
        assertEquals(SAMPLES, committed.size() + notCommitted.size());
        assertEquals(committed.size(), json.getInt("written"));
        Set<Integer> all = new HashSet<>(committed);
        all.addAll(notCommitted);
        assertEquals(SAMPLES, all.size(), "every sample is either committed or not, never both");

        PersistentAzuriteResource.restartAzurite();
        Set<String> stored = storedKeys(nics, t0);
        for (int i : committed) {
            CpsSample s = new CpsSample(ResourceId.parse(nics.get(i % NICS)), t0.plusSeconds(i), SampleKind.POINT,
                    CpsSample.API, i, null, null, null, null, null, List.of());
            assertTrue(stored.contains(SampleKeys.partitionKey(s) + "|" + s.timestamp().toEpochMilli()),
                    "committed sample " + i + " is stored");
        }

        List<ObjectNode> rest = notCommitted.stream().map(samples::get).toList();
        Map<String, Object> again = given().contentType(ContentType.JSON).body(array(rest).toString()).post("/cps")
                .then().statusCode(200).extract().as(Map.class);
        assertEquals(rest.size(), again.get("written"));
        assertEquals(SAMPLES, storedCount(nics, t0));
        // The whole request once more, as a client that does not read indexes would: still no duplicate.
        given().contentType(ContentType.JSON).body(body).post("/cps").then().statusCode(200);
        assertEquals(SAMPLES, storedCount(nics, t0));

        // The day summaries the writes kept through the fault count every sample once, and a
        // report from them (and from the day index, whose copies the cut writes left uncertain)
        // equals the report computed from the samples.
        for (String nic : nics) {
            TableEntity summary = tables.telemetryTable().getEntity(
                    SampleKeys.partitionKey(SampleKeys.resourceKey(nic), SampleKeys.day(t0)), SampleKeys.SUMMARY_ROW);
            assertEquals(Boolean.FALSE, summary.getProperty(SampleStore.DIRTY), nic);
            assertEquals(SAMPLES / NICS, ((Number) summary.getProperty(SampleStore.DIGEST_SAMPLES)).intValue(), nic);
        }
        Instant day = t0.truncatedTo(ChronoUnit.DAYS);
        DaySummaryTest.assertSummariesEqualSamples("groupBy=tier", day);
        DaySummaryTest.assertSummariesEqualSamples("resourceId=" + nics.get(0), day);
    }

    int storedCount(List<String> nics, Instant day) {
        return nics.stream().mapToInt(n -> TelemetryFixtures.stored(tables.telemetryTable(), n, day).size()).sum();
    }

    Set<String> storedKeys(List<String> nics, Instant day) {
        Set<String> keys = new HashSet<>();
        for (String n : nics) {
            for (CpsSample s : TelemetryFixtures.stored(tables.telemetryTable(), n, day)) {
                keys.add(SampleKeys.partitionKey(s) + "|" + s.timestamp().toEpochMilli());
            }
        }
        return keys;
    }
}
