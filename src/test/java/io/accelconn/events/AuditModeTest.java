package io.accelconn.events;

import static io.accelconn.events.EventsFixtures.SUB;
import static io.accelconn.events.EventsFixtures.batch;
import static io.accelconn.events.EventsFixtures.nicEvent;
import static io.accelconn.events.EventsFixtures.putNic;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

@QuarkusTest
@TestProfile(EventsProfile.AuditMode.class)
class AuditModeTest {

    @Test
    void decidesAndRecordsButNeverWritesToArm() {
        ArmEmulator arm = ArmEmulatorResource.emulator();
        String nic = putNic(arm, SUB, "fw-audit", "eastus2", Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        String etag = arm.nic(nic).orElseThrow().path("etag").asText();
        arm.resetCounts();
        given().contentType(ContentType.JSON).body(batch(nicEvent(UUID.randomUUID().toString(), nic)))
                .when().post("/events")
                .then().statusCode(200)
                .body("results[0].nics[0].decision", equalTo("WOULD_APPLY"))
                .body("results[0].nics[0].tier", equalTo("A2"));
        assertEquals(0, arm.count("nic.put") + arm.count("nic.patch") + arm.count("vm.deallocate") + arm.count("vm.start"));
        assertEquals(etag, arm.nic(nic).orElseThrow().path("etag").asText(), "the NIC is untouched");
        var record = given().queryParam("nicId", nic).when().get("/audit").then().statusCode(200)
                .body("[0].decision", equalTo("WOULD_APPLY")).body("[0].mode", equalTo("audit")).extract().path("[0].after");
        assertTrue(String.valueOf(record).contains("AcceleratedConnections"), "the record says what enforce would write");
    }
}
