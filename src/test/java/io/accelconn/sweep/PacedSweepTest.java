package io.accelconn.sweep;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.testsupport.ArmEmulatorResource;

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
}
