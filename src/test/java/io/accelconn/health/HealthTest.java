package io.accelconn.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.accelconn.emulator.FaultRule;
import io.accelconn.events.EventsProfile;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Liveness and readiness against a real Azurite and the ARM emulator, with ARM faults injected. */
@QuarkusTest
@TestProfile(HealthTest.Uncached.class)
class HealthTest {

    /** The event path's resources, with every probe answered fresh so that a fault shows at once. */
    public static class Uncached extends EventsProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>(super.getConfigOverrides());
            m.put("accelconn.health.cache-ttl", "PT0S");
            return m;
        }
    }

    @AfterEach
    void clearFaults() {
        ArmEmulatorResource.emulator().clearFaults();
    }

    @Test
    void readyWhenTableStorageAndArmAnswer() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("table-storage", "arm"))
                .body("checks.find { it.name == 'table-storage' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'arm' }.status", equalTo("UP"));
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void livenessDoesNotDependOnArm() {
        ArmEmulatorResource.emulator().inject(FaultRule.error("GET", "^/subscriptions$", 503, "ServiceUnavailable", null, -1));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void armRefusingOurTokenMakesUsNotReadyAndSaysWhich() {
        ArmEmulatorResource.emulator().inject(FaultRule.error("GET", "^/subscriptions$", 401, "InvalidAuthenticationToken",
                null, -1));
        given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'arm' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'arm' }.data.status", equalTo(401))
                .body("checks.find { it.name == 'table-storage' }.status", equalTo("UP"));
        ArmEmulatorResource.emulator().clearFaults();
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void armFailingIsNotReadyWithinTheProbeTimeout() {
        // Every attempt answers 503: the retry policy would back off for seconds; the probe gives up at its timeout.
        ArmEmulatorResource.emulator().inject(FaultRule.error("GET", "^/subscriptions$", 503, "ServiceUnavailable", null, -1));
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'arm' }.status", equalTo("DOWN"));
    }

    @Test
    void anyOtherAnswerMeansArmIsThere() {
        ArmEmulatorResource.emulator().inject(FaultRule.error("GET", "^/subscriptions$", 404, "InvalidResourceType", null, -1));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'arm' }.data.status", equalTo(404));
    }
}
