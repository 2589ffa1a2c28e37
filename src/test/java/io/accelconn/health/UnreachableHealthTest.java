package io.accelconn.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Nothing answers: Table Storage and ARM point at a loopback port where nobody listens. */
@QuarkusTest
@TestProfile(UnreachableHealthTest.Nothing.class)
class UnreachableHealthTest {

    /** Port 9 (discard) on loopback: refused at once, nothing leaves the machine. */
    public static class Nothing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "accelconn.storage.connection-string", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                            + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                            + "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
                    "accelconn.azure.cloud", "Custom",
                    "accelconn.azure.resource-manager-endpoint", "http://127.0.0.1:9/",
                    "accelconn.azure.authentication", "static-token",
                    "accelconn.azure.static-token", "unreachable",
                    "accelconn.health.timeout", "PT1S");
        }
    }

    @Test
    void notReadyAndEachDependencyIsNamed() {
        given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'table-storage' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'arm' }.status", equalTo("DOWN"));
    }

    @Test
    void stillAliveAndTheHostPollOfRootStillAnswers() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/").then().statusCode(not(equalTo(503)));
    }
}
