package io.accelconn.sweep;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.data.tables.TableClientBuilder;

import io.accelconn.audit.RestartEntry;
import io.accelconn.audit.RestartJournal;
import io.accelconn.emulator.ArmEmulator;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.QueueTriggerDriver;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The sweep on the shared write path with restarts opted in: {@code NEEDS_REDEPLOY} is remediated
 * through the journaled restart (once per VM, whatever its NIC count, and only for VMs whose owner
 * consented), and an item finishes the restart journal entries of its subscription first.
 */
@QuarkusTest
@TestProfile(SweepRestartProfile.class)
class SweepRestartTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    ArmEmulator arm;
    QueueTriggerDriver host;
    RestartJournal journal;

    @BeforeEach
    void setUp() {
        arm = ArmEmulatorResource.emulator();
        arm.clearFaults();
        host = QueueTriggerDriver.sweepWorker(Azurite.shared().connectionString(), SweepRestartProfile.QUEUE,
                "http://127.0.0.1:" + port).withFunctionKey(TestApiKey.KEY);
        journal = new RestartJournal(new TableClientBuilder().connectionString(Azurite.shared().connectionString())
                .tableName("AccelConnRestarts").buildClient());
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    @Test
    void needsRedeployIsRemediatedByOneJournaledRestartPerConsentingVm() {
        String sub = SweepFixtures.newSubscription();
        String wan = SweepFixtures.nic(arm, sub, "fw-wan", "eastus2", null, null, Map.of());
        String lan = SweepFixtures.nic(arm, sub, "fw-lan", "eastus2", null, null, Map.of());
        String fw = SweepFixtures.vm(arm, sub, "fw", "Standard_D8s_v4", "running", List.of(wan, lan),
                Map.of("accelconn-allow-restart", "true"), OffsetDateTime.now());
        String lbNic = SweepFixtures.nic(arm, sub, "lb-nic", "eastus2", null, null, Map.of());
        String lb = SweepFixtures.vm(arm, sub, "lb", "Standard_D8s_v4", "running", List.of(lbNic));
        // A VM an earlier restart stop-deallocated and could not start again (its NIC already written).
        String leftNic = SweepFixtures.nic(arm, sub, "left-nic", "eastus2", "AcceleratedConnections", "A2",
                Map.of("fastpathenabled", "true"));
        String left = SweepFixtures.vm(arm, sub, "left", "Standard_D8s_v4", "deallocated", List.of(leftNic));
        Instant past = Instant.now().minusSeconds(60);
        assertTrue(journal.create(RestartEntry.open(left, sub, "running", "evt-earlier", null, past).deallocating(past))
                .isPresent());

        String runId = given().contentType(ContentType.JSON)
                .body("{\"subscriptions\":[\"" + sub + "\"],\"mode\":\"enforce\",\"classes\":[\"NEEDS_REDEPLOY\"]}")
                .when().post("/sweep").then().statusCode(202).extract().path("runId");
        assertTrue(host.drain(Duration.ofSeconds(60)), "the queue did not empty");

        JsonPath r = given().queryParam("runId", runId).when().get("/sweep-report").then().statusCode(200).extract().jsonPath();
        assertEquals("COMPLETED", r.getString("status"), r.prettify());
        assertEquals(2, r.getInt("actions.RESTARTED_AND_APPLIED"), r.prettify());
        assertEquals(1, r.getInt("actions.DEFERRED"), "no consent on the lb VM: " + r.prettify());

        assertEquals(List.of("running", "deallocating", "deallocated", "starting", "running"), arm.powerStates(fw),
                "one restart for both NICs");
        for (String nic : List.of(wan, lan)) {
            assertEquals("AcceleratedConnections", arm.nic(nic).orElseThrow().at("/properties/auxiliaryMode").asText());
            assertEquals("A2", arm.nic(nic).orElseThrow().at("/properties/auxiliarySku").asText());
            given().queryParam("nicId", nic).when().get("/audit").then().statusCode(200)
                    .body("[0].eventId", equalTo(runId)).body("[0].decision", equalTo("RESTARTED_AND_APPLIED"));
        }
        assertEquals(List.of("running"), arm.powerStates(lb), "a VM without its owner's consent is never restarted");
        assertEquals(0, arm.nicWrites(lbNic));
        given().queryParam("nicId", lbNic).when().get("/audit").then().statusCode(200)
                .body("[0].decision", equalTo("DEFERRED")).body("[0].reasons[0]", equalTo("NIC_ATTACHED_TO_RUNNING_VM"));

        assertEquals("running", arm.powerState(left).orElseThrow(), "the sweep finished the open journal entry");
        assertEquals(RestartEntry.State.CLOSED, journal.find(left, sub).orElseThrow().state());
        assertEquals(RestartEntry.State.CLOSED, journal.find(fw, sub).orElseThrow().state());
    }
}
