package io.accelconn.telemetry;

import static io.accelconn.telemetry.TelemetryFixtures.CAPTURE;
import static io.accelconn.telemetry.TelemetryFixtures.SUB;
import static io.accelconn.telemetry.TelemetryFixtures.array;
import static io.accelconn.telemetry.TelemetryFixtures.freshNic;
import static io.accelconn.telemetry.TelemetryFixtures.freshVm;
import static io.accelconn.telemetry.TelemetryFixtures.sample;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.audit.AuditRecord;
import io.accelconn.audit.AuditStore;
import io.accelconn.storage.TableClients;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/** GET /cps-report through HTTP over samples in a real Azurite, with enabling known from the audit table. */
@QuarkusTest
@TestProfile(TelemetryProfile.class)
class CpsReportTest {

    /** The reference capture's interval CPS and its ###ENDCPS, sorted: the median is 25214.4. */
    static final double[] CAPTURE_CPS = {13494.0, 24164, 24246.9, 25214.4, 25920.2, 25961.6, 30150.5};

    /** Figures are doubles: read them as such, not as rest-assured's default floats. */
    static final RestAssuredConfig DOUBLES = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    @Inject
    AuditStore audit;

    @Inject
    ManagedResources resources;

    @Inject
    TableClients tables;

    static ValidatableResponse report(String resourceId, Instant from, Instant to) {
        return given().config(DOUBLES).queryParam("resourceId", resourceId).queryParam("from", from.toString())
                .queryParam("to", to.toString()).when().get("/cps-report").then();
    }

    static void post(Object body) {
        given().contentType(ContentType.JSON).body(body.toString()).when().post("/cps").then().statusCode(200);
    }

    void applied(String nicId, Instant at, String tier) {
        audit.recordAll(List.of(new AuditRecord(SUB, nicId, UUID.randomUUID().toString(), null, "eventgrid", null,
                "Microsoft.Network/networkInterfaces/write", "APPLIED", List.of(), tier, null, null, "enforce", 40, 1, 1, at)));
    }

    @Test
    void figuresAndTheGainFromSamplesLabelledBeforeAndAfter() {
        String nic = freshNic();
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        given().contentType(ContentType.TEXT).body(CAPTURE).queryParam("resourceId", nic)
                .queryParam("timestamp", end.minus(Duration.ofMinutes(30)).toString()).queryParam("label", "before")
                .when().post("/cps").then().statusCode(200);
        List<ObjectNode> after = new ArrayList<>();
        for (int i = 0; i < CAPTURE_CPS.length; i++) {
            after.add(sample(nic, end.minusSeconds(10L * i), CAPTURE_CPS[i] * 10).put("source", "cps-tool")
                    .put("activeConnections", 5000 + i).put("kind", "interval"));
            after.get(i).putArray("labels").add("after");
        }
        post(array(after));
        report(nic, end.minus(Duration.ofHours(1)), end.plusSeconds(1)).statusCode(200)
                .body("resourceId", equalTo(nic))
                .body("sources", hasSize(1))
                .body("sources[0].source", equalTo("cps-tool"))
                .body("sources[0].cps.samples", equalTo(14))
                .body("sources[0].cps.runs", equalTo(1))
                .body("sources[0].cps.max", closeTo(301505.0, 0.001))
                .body("sources[0].cps.maxActiveConnections", closeTo(5006.0, 0.001))
                .body("sources[0].cps.synRttMedianUs", closeTo(6221, 6221 * 0.001))
                .body("sources[0].cps.synRttP99Us", closeTo(54222, 54222 * 0.001))
                .body("sources[0].gain.basis", equalTo("labels"))
                .body("sources[0].gain.beforeSamples", equalTo(7))
                .body("sources[0].gain.afterSamples", equalTo(7))
                .body("sources[0].gain.beforeMedianCps", closeTo(25214.4, 25214.4 * 0.001))
                .body("sources[0].gain.afterMedianCps", closeTo(252144.0, 252144 * 0.001))
                .body("sources[0].gain.medianRatio", closeTo(10.0, 0.02))
                .body("sources[0].gain.promised", equalTo(25));
    }

    @Test
    void theGainSplitsAtTheFirstAppliedDecisionInTheAuditTable() {
        String nic = freshNic();
        Instant enabled = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
        applied(nic, enabled, "A2");
        applied(nic, enabled.plus(Duration.ofMinutes(30)), "A2"); // a later APPLIED does not move enabling
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            samples.add(sample(nic, enabled.minus(Duration.ofMinutes(i)), 1000 + i));
            samples.add(sample(nic, enabled.plus(Duration.ofMinutes(i)), 20000 + i));
        }
        post(array(samples));
        report(nic, enabled.minus(Duration.ofHours(1)), enabled.plus(Duration.ofHours(1))).statusCode(200)
                .body("tier", equalTo("A2"))
                .body("enabledAt", equalTo(enabled.toString()))
                .body("sources[0].source", equalTo("api"))
                .body("sources[0].cps.samples", equalTo(40))
                .body("sources[0].gain.basis", equalTo("audit"))
                .body("sources[0].gain.beforeSamples", equalTo(20))
                .body("sources[0].gain.medianRatio", closeTo(20010.0 / 1010.0, 0.05));
        // Without enabling known or labels there is no gain to show, only the figures.
        String other = freshNic();
        post(sample(other, enabled, 5));
        report(other, enabled.minusSeconds(1), enabled.plusSeconds(1)).statusCode(200)
                .body("sources[0].gain", nullValue()).body("enabledAt", nullValue());
    }

    @Test
    void theDaySummaryIsCurrentAtIngestAndEqualsTheSamples() {
        String nic = freshNic();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            samples.add(sample(nic, day.plus(Duration.ofMinutes(5L * i)), i).put("activeConnections", i));
        }
        post(array(samples));
        String partition = SampleKeys.partitionKey(SampleKeys.resourceKey(nic), SampleKeys.day(day));
        TableEntity summary = summaryRow(partition);
        assertEquals(Boolean.FALSE, summary.getProperty(SampleStore.DIRTY), "the write summed the day up");
        assertEquals(250L, ((Number) summary.getProperty(SampleStore.DIGEST_SAMPLES)).longValue());
        assertEquals(1L, ((Number) summary.getProperty(SampleStore.SEQ)).longValue(),
                "one transaction of the 21 hours' entities moved it on");

        String first = report(nic, day, day.plus(Duration.ofDays(1))).statusCode(200)
                .body("sources[0].cps.samples", equalTo(250)).extract().asString();
        assertEquals(summary.getETag(), summaryRow(partition).getETag(), "the report stored nothing: it read the summary");
        // The same figures as from the samples themselves: a window a millisecond short of the day reads them.
        assertEquals(first.replaceAll("\"to\":\"[^\"]*\"", ""), report(nic, day, day.plus(Duration.ofDays(1)).minusMillis(1))
                .statusCode(200).extract().asString().replaceAll("\"to\":\"[^\"]*\"", ""));

        post(sample(nic, day.plus(Duration.ofHours(23)), 99999).put("activeConnections", 7));
        assertEquals(251L, ((Number) summaryRow(partition).getProperty(SampleStore.DIGEST_SAMPLES)).longValue());
        report(nic, day, day.plus(Duration.ofDays(1))).statusCode(200)
                .body("sources[0].cps.samples", equalTo(251))
                .body("sources[0].cps.max", closeTo(99999, 0.001));
        // Part of a day is read sample by sample, and only the window counts.
        report(nic, day.plus(Duration.ofMinutes(100)), day.plus(Duration.ofMinutes(200))).statusCode(200)
                .body("sources[0].cps.samples", equalTo(20));
    }

    @Test
    void aVmIsReportedWithWhatIsKnownOfItsNics() {
        String vm = freshVm();
        String nicA = freshNic();
        String nicB = freshNic();
        Instant enabled = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(5));
        resources.saveNic(new ManagedResources.NicRow(nicA, "A2", enabled.plus(Duration.ofMinutes(10)), vm, Instant.now()));
        resources.saveNic(new ManagedResources.NicRow(nicB, "A8", enabled, vm, Instant.now()));
        resources.saveVmSize(vm, "Standard_D32s_v5", Instant.now());
        post(array(List.of(sample(vm, enabled.minusSeconds(60), 100), sample(vm, enabled.plusSeconds(60), 2500))));
        report(vm, enabled.minus(Duration.ofHours(1)), enabled.plus(Duration.ofHours(1))).statusCode(200)
                .body("tier", equalTo("A8")).body("size", equalTo("Standard_D32s_v5"))
                .body("enabledAt", equalTo(enabled.toString()))
                .body("sources[0].gain.medianRatio", closeTo(25.0, 0.1));
    }

    @Test
    void theFleetRollsUpByTierAndBySize() {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(20)); // no other test writes here
        String vm8 = freshVm();
        String nic8 = freshNic();
        String nic2 = freshNic();
        String stranger = freshNic();
        resources.saveNic(new ManagedResources.NicRow(nic8, "A8", day.plus(Duration.ofHours(12)), vm8, Instant.now()));
        resources.saveNic(new ManagedResources.NicRow(nic2, "A2", null, null, Instant.now()));
        resources.saveVmSize(vm8, "Standard_D48s_v5", Instant.now());
        List<ObjectNode> samples = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            Instant t = day.plus(Duration.ofHours(h)).plusSeconds(30);
            samples.add(sample(vm8, t, h < 12 ? 400 : 10000));
            samples.add(sample(nic8, t, h < 12 ? 300 : 7500));
            samples.add(sample(nic2, t, 2000));
            samples.add(sample(stranger, t, 50));
        }
        post(array(samples));
        Instant to = day.plus(Duration.ofDays(1));
        given().config(DOUBLES).queryParam("groupBy", "tier").queryParam("from", day.toString()).queryParam("to", to.toString())
                .when().get("/cps-report").then().statusCode(200)
                .body("groupBy", equalTo("tier"))
                .body("groups.key", equalTo(List.of("A2", "A8", "unknown")))
                .body("groups[0].resources", equalTo(1))
                .body("groups[1].resources", equalTo(2))
                .body("groups[1].sources[0].cps.samples", equalTo(48))
                .body("groups[1].sources[0].gain.basis", equalTo("audit"))
                .body("groups[1].sources[0].gain.medianRatio", closeTo(25.0, 0.1))
                .body("groups[2].resources", equalTo(1));
        given().queryParam("groupBy", "SIZE").queryParam("from", day.toString()).queryParam("to", to.toString())
                .when().get("/cps-report").then().statusCode(200)
                .body("groups.key", equalTo(List.of("Standard_D48s_v5", "unknown")))
                .body("groups[0].resources", equalTo(2))
                .body("groups[1].resources", equalTo(2));
    }

    @Test
    void badQueriesAreRefusedWithAReason() {
        String nic = freshNic();
        given().when().get("/cps-report").then().statusCode(400).body("code", equalTo("MISSING_FIELD"));
        given().queryParam("resourceId", nic).queryParam("groupBy", "tier").when().get("/cps-report").then()
                .statusCode(400).body("code", equalTo("INVALID_FIELD"));
        given().queryParam("groupBy", "colour").when().get("/cps-report").then().statusCode(400)
                .body("message", equalTo("groupBy must be tier or size"));
        Instant now = Instant.now();
        report(nic, now, now.minusSeconds(1)).statusCode(400).body("message", equalTo("from must be before to"));
        report(nic, now.minus(Duration.ofDays(100)), now).statusCode(400).body("code", equalTo("WINDOW_TOO_WIDE"));
        report("/subscriptions/" + SUB + "/resourceGroups/rg", now.minusSeconds(60), now).statusCode(400)
                .body("code", equalTo("INVALID_RESOURCE_ID"));
        // A resource without samples is an empty report, not an error.
        report(nic, now.minusSeconds(60), now).statusCode(200).body("sources", hasSize(0));
    }

    TableEntity summaryRow(String partition) {
        return tables.telemetryTable().getEntity(partition, SampleKeys.SUMMARY_ROW);
    }

    @Test
    void theDaysOfAWindowAreItsUtcDays() {
        Instant t = Instant.parse("2026-11-25T23:59:59Z");
        assertEquals(1, CpsReport.days(t.minusSeconds(10), t).size());
        assertEquals(2, CpsReport.days(t, t.plusSeconds(2)).size());
        assertEquals(1, CpsReport.days(Instant.parse("2026-11-25T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z")).size());
        assertFalse(CpsReport.days(t, t.plusSeconds(1)).isEmpty());
        assertTrue(CpsReport.days(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")).size() == 30);
    }
}
