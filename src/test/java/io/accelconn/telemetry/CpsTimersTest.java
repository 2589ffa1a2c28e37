package io.accelconn.telemetry;

import static io.accelconn.telemetry.TelemetryFixtures.SUB;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.audit.AuditRecord;
import io.accelconn.audit.AuditStore;
import io.accelconn.azure.ResourceId;
import io.accelconn.emulator.ArmEmulator;
import io.accelconn.storage.TableClients;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.SharedReference;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** The two timer functions as the Functions host invokes them: the timer envelope in, {"Outputs","Logs","ReturnValue"} out. */
@QuarkusTest
@TestProfile(TelemetryProfile.class)
class CpsTimersTest {

    static final String TIMER = SharedReference.text("functions/timer-trigger.request.captured.json");

    @Inject
    AuditStore audit;

    @Inject
    SampleStore store;

    @Inject
    TableClients tables;

    @Test
    void theMonitorPullStoresTheFlowsOfAManagedNicsVm() {
        ArmEmulator arm = ArmEmulatorResource.emulator();
        String name = "fw-" + UUID.randomUUID().toString().substring(0, 8);
        String nicId = "/subscriptions/" + SUB + "/resourceGroups/rg-timer/providers/Microsoft.Network/networkInterfaces/" + name;
        String vmId = "/subscriptions/" + SUB + "/resourceGroups/rg-timer/providers/Microsoft.Compute/virtualMachines/" + name;
        ObjectNode nic = TelemetryFixtures.JSON.createObjectNode().put("location", "westeurope");
        nic.putObject("properties").put("enableAcceleratedNetworking", true);
        arm.putNic(nicId, nic);
        ObjectNode vm = TelemetryFixtures.JSON.createObjectNode().put("location", "westeurope");
        vm.putObject("properties").putObject("networkProfile").putArray("networkInterfaces").addObject().put("id", nicId);
        arm.putVm(vmId, vm, "running");
        audit.recordAll(List.of(new AuditRecord(SUB, nicId, UUID.randomUUID().toString(), null, "eventgrid", null,
                "Microsoft.Network/networkInterfaces/write", "UNCHANGED", List.of(), "A1", null, null, "enforce", 5, 1, 0,
                Instant.now().minusSeconds(600))));

        given().contentType(ContentType.JSON).body(TIMER).when().post("/cps-monitor-pull").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("Outputs.size()", equalTo(0))
                .body("Logs", hasSize(1))
                .body("Logs[0]", startsWith("accelconn cps-monitor-pull run "))
                .body("ReturnValue.enabled", equalTo(true));
        Instant now = Instant.now();
        int stored = TelemetryFixtures.stored(tables.telemetryTable(), vmId, now).size()
                + TelemetryFixtures.stored(tables.telemetryTable(), vmId, now.minus(Duration.ofDays(1))).size();
        // The last hour, less the minutes Monitor may still be filling in (PT1H lookback, PT5M settle).
        assertTrue(stored >= 54 && stored <= 56, "an hour of minutes, less the settle delay: " + stored);

        given().contentType(ContentType.JSON).body("{\"Data\":{\"a\":{},\"b\":{}}}").when().post("/cps-monitor-pull").then()
                .statusCode(400).body("code", equalTo("INVALID_INVOCATION"));
    }

    @Test
    void retentionDeletesWholeDaysOlderThanTheRetention() {
        String nic = TelemetryFixtures.freshNic();
        Instant old = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(95)).plusSeconds(3600);
        Instant recent = Instant.now().minusSeconds(60);
        ResourceId id = ResourceId.parse(nic);
        // Written past the ingest checks: POST /cps refuses samples older than max-sample-age.
        assertTrue(store.write(List.of(sample(id, old, 1), sample(id, old.plusSeconds(60), 2), sample(id, recent, 3)))
                .complete());
        LocalDate oldDay = LocalDate.ofInstant(old, ZoneOffset.UTC);
        assertTrue(store.resourcesOn(oldDay).anyMatch(e -> e.resourceId().equals(nic)));

        given().contentType(ContentType.JSON).body("{}").when().post("/cps-retention").then().statusCode(200)
                .body("Logs[0]", startsWith("accelconn cps-retention run "))
                .body("ReturnValue.before", equalTo(LocalDate.ofInstant(Instant.now().minus(Duration.ofDays(90)),
                        ZoneOffset.UTC).toString()));
        assertEquals(0, TelemetryFixtures.stored(tables.telemetryTable(), nic, old).size());
        assertFalse(store.resourcesOn(oldDay).anyMatch(e -> e.resourceId().equals(nic)), "its index entry went too");
        assertTrue(store.summaries(List.of(SampleKeys.partitionKey(SampleKeys.resourceKey(nic), SampleKeys.day(old))))
                .isEmpty(), "and the day's summary row");
        assertEquals(1, TelemetryFixtures.stored(tables.telemetryTable(), nic, recent).size(), "recent days stay");
    }

    static CpsSample sample(ResourceId id, Instant t, double cps) {
        return new CpsSample(id, t, SampleKind.POINT, CpsSample.API, cps, null, null, null, null, null, List.of());
    }
}
