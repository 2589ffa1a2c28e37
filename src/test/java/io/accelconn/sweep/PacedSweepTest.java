package io.accelconn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.restassured.path.json.JsonPath;

/** What the tests of the write lanes' pacing share: the app's port, the emulator without faults, its NIC write times. */
abstract class PacedSweepTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    ArmEmulator arm;
    /** When each NIC was written ({@link System#nanoTime}), by NIC id. */
    Map<String, ConcurrentLinkedQueue<Long>> written;

    @BeforeEach
    void setUp() {
        arm = ArmEmulatorResource.emulator();
        arm.clearFaults();
        written = NicWriteTimes.of(arm);
    }

    @AfterEach
    void tearDown() {
        arm.clearFaults();
    }

    /** The run completed with each of its {@code nics} counted once and applied. */
    static JsonPath assertCompletedAllApplied(String runId, int nics) {
        JsonPath r = SweepTest.report(runId);
        assertEquals("COMPLETED", r.getString("status"), r.prettify());
        assertEquals(nics, r.getInt("nics"), "each NIC counted once: " + r.prettify());
        assertEquals(nics, r.getInt("remediated"), r.prettify());
        assertEquals(nics, r.getInt("actions.APPLIED"), r.prettify());
        return r;
    }
}
