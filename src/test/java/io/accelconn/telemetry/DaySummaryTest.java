package io.accelconn.telemetry;

import static io.accelconn.telemetry.TelemetryFixtures.array;
import static io.accelconn.telemetry.TelemetryFixtures.freshNic;
import static io.accelconn.telemetry.TelemetryFixtures.freshVm;
import static io.accelconn.telemetry.TelemetryFixtures.sample;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.storage.TableClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Day summaries kept by the writes themselves: a report from them equals the report computed from
 * the samples (a window a millisecond short of the day reads every sample), after retried,
 * overlapping, concurrent and correcting requests, and with enabling inside the day.
 */
@QuarkusTest
@TestProfile(TelemetryProfile.class)
class DaySummaryTest {

    @Inject
    ManagedResources resources;

    @Inject
    TableClients tables;

    @Inject
    MeterRegistry registry;

    /** The whole UTC day, from summaries where they tell, and the same figures read from every sample. */
    static void assertSummariesEqualSamples(String query, Instant day) {
        String whole = get(query, day, day.plus(Duration.ofDays(1)));
        String samples = get(query, day, day.plus(Duration.ofDays(1)).minusMillis(1));
        assertEquals(samples, whole);
    }

    /** The answer without its {@code to}, which the two windows differ in. */
    static String get(String query, Instant from, Instant to) {
        return given().queryParam("from", from.toString()).queryParam("to", to.toString()).when().get("/cps-report?" + query)
                .then().statusCode(200).extract().asString().replaceAll("\"to\":\"[^\"]*\"", "");
    }

    static void post(List<ObjectNode> samples) {
        given().contentType(ContentType.JSON).body(array(samples).toString()).when().post("/cps").then().statusCode(200);
    }

    TableEntity summary(String resourceId, Instant day) {
        return tables.telemetryTable().getEntity(SampleKeys.partitionKey(SampleKeys.resourceKey(resourceId), SampleKeys.day(day)),
                SampleKeys.SUMMARY_ROW);
    }

    TableEntity index(String resourceId, Instant day) {
        return tables.watermarkTable().getEntity(SampleKeys.indexPartition(SampleKeys.day(day)), SampleKeys.resourceKey(resourceId));
    }

    double days(CpsReport.DaySource from) {
        return registry.get("accelconn.telemetry.report.days").tag("from", from.tag()).counter().count();
    }

    static long number(TableEntity e, String name) {
        return ((Number) e.getProperty(name)).longValue();
    }

    @Test
    void retriedOverlappingAndConcurrentRequestsAreCountedOnce() throws Exception {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(8)); // no other test writes here
        String nic = freshNic();
        String vm = freshVm();
        resources.saveNic(new ManagedResources.NicRow(nic, "A4", day.minus(Duration.ofDays(1)), vm, Instant.now()));
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ObjectNode s = sample(i % 2 == 0 ? nic : vm, day.plus(Duration.ofMinutes(3L * i)), 1000 + (i * 37) % 900)
                    .put("activeConnections", i);
            if (i % 7 == 0) {
                s.putArray("labels").add(i < 200 ? "before" : "after");
            }
            samples.add(s);
        }
        post(samples.subList(0, 150));
        post(samples.subList(0, 150)); // a retried request: every sample already there
        post(samples.subList(100, 250)); // overlapping the first
        // The rest in six requests at once: their transactions meet on the same two summary rows.
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (int from = 250; from < 400; from += 25) {
            List<ObjectNode> part = samples.subList(from, from + 25);
            inFlight.add(CompletableFuture.runAsync(() -> post(part)));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();

        for (String r : List.of(nic, vm)) {
            TableEntity summary = summary(r, day);
            assertEquals(Boolean.FALSE, summary.getProperty(SampleStore.DIRTY), r);
            assertEquals(200, number(summary, SampleStore.DIGEST_SAMPLES), "each sample counted once: " + r);
            assertEquals(200, TelemetryFixtures.stored(tables.telemetryTable(), r, day).size());
            TableEntity index = index(r, day);
            assertEquals(number(index, DayIndex.STARTED), number(index, DayIndex.FINISHED), "every write counted out");
            assertEquals(number(summary, SampleStore.SEQ), number(index, SampleStore.SEQ), "the index holds the newest summary");
        }
        double fromIndex = days(CpsReport.DaySource.INDEX);
        double fromSamples = days(CpsReport.DaySource.SAMPLES);
        String fleet = get("groupBy=tier", day, day.plus(Duration.ofDays(1)));
        assertEquals(fromSamples, days(CpsReport.DaySource.SAMPLES), "no sample read for the fleet: " + fleet);
        assertEquals(fromIndex + 2, days(CpsReport.DaySource.INDEX), "both resource-days from the day index");
        assertSummariesEqualSamples("groupBy=tier", day);
        assertSummariesEqualSamples("groupBy=size", day);
        assertSummariesEqualSamples("resourceId=" + nic, day);
        assertSummariesEqualSamples("resourceId=" + vm, day);
    }

    double summaryReads(String reason) {
        return registry.get("accelconn.telemetry.summary.reads").tag("reason", reason).counter().count();
    }

    @Test
    void requestsAtOnceIntoOneHourMergeWithoutLosingOrDoublingASample() throws Exception {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(12)); // no other test writes here
        String nic = freshNic();
        Instant hour = day.plus(Duration.ofHours(9));
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            samples.add(sample(nic, hour.plusSeconds(15L * i), 1000 + (i * 37) % 900));
        }
        // Eight requests at once, every one into the same hour's entity, each sample in two of them.
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            List<ObjectNode> part = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (i % 8 == k || (i + 1) % 8 == k) {
                    part.add(samples.get(i));
                }
            }
            inFlight.add(CompletableFuture.runAsync(() -> post(part)));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();

        assertEquals(1, TelemetryFixtures.hours(tables.telemetryTable(), nic, day).size());
        assertEquals(240, TelemetryFixtures.stored(tables.telemetryTable(), nic, day).size(), "none lost, none doubled");
        TableEntity summary = summary(nic, day);
        assertEquals(Boolean.FALSE, summary.getProperty(SampleStore.DIRTY));
        assertEquals(240, number(summary, SampleStore.DIGEST_SAMPLES), "each sample counted once");
        assertSummariesEqualSamples("resourceId=" + nic, day);
    }

    @Test
    void aWriteReadsNoSummaryItCreatedOrJustWroteAndStaysExactWhenItGuessedWrong() {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(11)); // no other test writes here
        String nic = freshNic();
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            // 15 sources: a post of 150 samples holds about 115 hours' entities of the partition, two transactions
            samples.add(sample(nic, day.plus(Duration.ofMinutes(3L * i)), 1000 + (i * 37) % 900).put("source", "src-" + i % 15));
        }
        double unknown = summaryReads("unknown");
        double conflict = summaryReads("conflict");
        post(samples.subList(0, 150)); // two transactions on a partition new to the day
        assertEquals(unknown, summaryReads("unknown"), "no read of a partition the write created, nor between its transactions");
        post(samples.subList(150, 300)); // the partition exists: its summary is read once, before the first transaction
        assertEquals(unknown + 1, summaryReads("unknown"), "the second transaction is built on the ETag the first one got");
        assertEquals(conflict, summaryReads("conflict"));

        // The day index no longer knows the resource (as if its row had gone): the next write takes the
        // partition for new, its create of the summary row meets the row, which is read then.
        tables.watermarkTable().deleteEntity(SampleKeys.indexPartition(SampleKeys.day(day)), SampleKeys.resourceKey(nic));
        post(samples.subList(300, 450));
        assertEquals(conflict + 1, summaryReads("conflict"));
        TableEntity summary = summary(nic, day);
        assertEquals(Boolean.FALSE, summary.getProperty(SampleStore.DIRTY));
        assertEquals(450, number(summary, SampleStore.DIGEST_SAMPLES), "each sample counted once");
        assertEquals(6, number(summary, SampleStore.SEQ), "one change of the row per committed transaction");
        assertEquals(450, TelemetryFixtures.stored(tables.telemetryTable(), nic, day).size());
        assertSummariesEqualSamples("resourceId=" + nic, day);
    }

    @Test
    void enablingKnownWhenTheSamplesArriveSplitsTheSummaryAtIngest() {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10)); // no other test writes here
        String nic = freshNic();
        Instant enabled = day.plus(Duration.ofHours(12)).plusSeconds(17);
        resources.saveNic(new ManagedResources.NicRow(nic, "A8", enabled, null, Instant.now()));
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            Instant t = day.plus(Duration.ofMinutes(30L * i));
            samples.add(sample(nic, t, t.isBefore(enabled) ? 100 + i : 2500 + i));
        }
        post(samples.subList(0, 20)); // all before enabling: the summary is split, every sample on one side
        post(samples.subList(20, 48));
        double fromSamples = days(CpsReport.DaySource.SAMPLES);
        double fromSummary = days(CpsReport.DaySource.SUMMARY);
        String report = get("resourceId=" + nic, day, day.plus(Duration.ofDays(1)));
        assertEquals(fromSamples, days(CpsReport.DaySource.SAMPLES), "no sample read: " + report);
        assertEquals(fromSummary + 1, days(CpsReport.DaySource.SUMMARY));
        assertTrue(report.contains("\"beforeSamples\":25,") && report.contains("\"afterSamples\":23,"), report);
        assertSummariesEqualSamples("resourceId=" + nic, day);
        assertSummariesEqualSamples("groupBy=tier", day);
    }

    @Test
    void enablingInsideTheDayIsSplitOnceAndACorrectionIsSummedUpAgain() {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(9)); // no other test writes here
        String nic = freshNic();
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            samples.add(sample(nic, day.plus(Duration.ofMinutes(10L * i)), i < 60 ? 1000 + i : 20000 + i));
        }
        post(samples);
        // Enabling learnt after the samples were written, between them: the summary cannot place them.
        resources.saveNic(new ManagedResources.NicRow(nic, "A2", day.plus(Duration.ofMinutes(595)), null, Instant.now()));
        String etag = summary(nic, day).getETag();
        assertSummariesEqualSamples("resourceId=" + nic, day);
        TableEntity split = summary(nic, day);
        assertNotEquals(etag, split.getETag(), "the report stored the day split at enabling");
        double fromSummary = days(CpsReport.DaySource.SUMMARY);
        String report = get("resourceId=" + nic, day, day.plus(Duration.ofDays(1)));
        assertTrue(report.contains("\"beforeSamples\":60"), report);
        assertEquals(fromSummary + 1, days(CpsReport.DaySource.SUMMARY), "then taken from the split summary");
        assertEquals(split.getETag(), summary(nic, day).getETag());
        assertSummariesEqualSamples("groupBy=tier", day);

        // A sample sent again with other figures replaces the stored one: the summary cannot subtract it.
        post(List.of(sample(nic, day.plus(Duration.ofMinutes(10)), 55555)));
        assertEquals(Boolean.TRUE, summary(nic, day).getProperty(SampleStore.DIRTY));
        assertSummariesEqualSamples("groupBy=tier", day);
        assertSummariesEqualSamples("resourceId=" + nic, day);
        assertEquals(Boolean.FALSE, summary(nic, day).getProperty(SampleStore.DIRTY), "summed up again by the report");
        assertEquals(120, number(summary(nic, day), SampleStore.DIGEST_SAMPLES));
    }
}
