package io.accelconn.sweep;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.FaultRule;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.QueueTriggerDriver;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A work item whose time budget runs out hands the rest to continuation items and says when it expects to finish. */
@QuarkusTest
@TestProfile(SweepContinuationTest.ShortBudget.class)
class SweepContinuationTest {

    /** A 0.3 s budget per invocation, and a deployment in audit mode. */
    public static class ShortBudget extends SweepProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>(super.getConfigOverrides());
            m.put("accelconn.sweep.item-time-budget", "PT0.3S");
            m.put("accelconn.enforce.mode", "audit");
            return m;
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void anItemOutOfTimeContinuesInFurtherItemsWithAnEta() {
        ArmEmulator arm = ArmEmulatorResource.emulator();
        String sub = SweepFixtures.newSubscription();
        SweepFixtures.remediable(arm, sub, 35);
        // Each Resource Graph page takes longer than the budget: one page per invocation.
        arm.inject(FaultRule.delay("POST", SweepTest.GRAPH, 400, -1));
        try (QueueTriggerDriver host = QueueTriggerDriver.sweepWorker(Azurite.shared().connectionString(), SweepProfile.QUEUE,
                "http://127.0.0.1:" + port).withFunctionKey(TestApiKey.KEY)) {
            String runId = SweepTest.start(SweepTest.sweepBody(sub, "audit"));
            assertEquals(1, host.pollOnce());
            assertTrue(host.deliveries().get(0).body().contains("CONTINUED"), host.deliveries().toString());
            JsonPath midway = SweepTest.report(runId);
            assertEquals("RUNNING", midway.getString("status"));
            assertEquals(1, midway.getInt("continuations"));
            assertEquals(1, midway.getInt("items.PAUSED"));
            assertEquals(10, midway.getInt("nics"), "one page of 10 so far");
            assertNotNull(midway.getString("eta"), midway.prettify());
            assertTrue(Instant.parse(midway.getString("eta")).isAfter(Instant.now().minusSeconds(1)));

            assertTrue(host.drain(Duration.ofSeconds(60)));
            JsonPath done = SweepTest.report(runId);
            assertEquals("COMPLETED", done.getString("status"), done.prettify());
            assertEquals(3, done.getInt("continuations"), "35 NICs at 10 a page: four segments");
            assertEquals(35, done.getInt("counts.NOT_ENABLED_REMEDIABLE"));
            assertEquals(35, done.getInt("actions.WOULD_REMEDIATE"));
            assertNull(done.getString("eta"));
            assertEquals(4, host.deliveries().size());
        } finally {
            arm.clearFaults();
        }
    }

    @Test
    void anAuditDeploymentRefusesAnEnforceSweep() {
        given().contentType(ContentType.JSON).body(SweepTest.sweepBody(SweepFixtures.newSubscription(), "enforce"))
                .when().post("/sweep").then().statusCode(400).body("code", equalTo("MODE_NOT_ALLOWED"));
    }
}
