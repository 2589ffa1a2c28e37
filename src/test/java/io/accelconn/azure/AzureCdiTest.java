package io.accelconn.azure;

import io.accelconn.emulator.ArmEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter as Quarkus wires it: config mapping, Quarkus's Vert.x and Micrometer registry. */
@QuarkusTest
@QuarkusTestResource(value = AzureCdiTest.Emulator.class, restrictToAnnotatedClass = true)
class AzureCdiTest {

    static volatile ArmEmulator emulator;

    @Inject
    NicGateway nics;

    @Inject
    MeterRegistry registry;

    @Test
    void wiredThroughQuarkus() {
        String nic = EmulatedArm.nicId("cdi-nic");
        emulator.putNic(nic, EmulatedArm.nicBody("eastus2", Map.of("owner", "carol")));

        WriteOutcome outcome = nics.apply(nic, n -> Optional.of(
                new NicChange("AcceleratedConnections", "A1", Map.of("fastpathenabled", "true"))));

        assertTrue(outcome.written());
        assertEquals("A1", outcome.after().auxiliarySku());
        assertTrue(registry.find(ArmMetrics.REQUESTS).tag("method", "PUT").timers().stream().mapToLong(t -> t.count()).sum() >= 1);
    }

    public static class Emulator implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            emulator = ArmEmulator.start(0);
            return Map.of(
                    "accelconn.azure.cloud", "Custom",
                    "accelconn.azure.resource-manager-endpoint", emulator.baseUrl(),
                    "accelconn.azure.authentication", "static-token",
                    "accelconn.azure.static-token", "cdi-test",
                    "accelconn.azure.lro.poll-interval", "50ms");
        }

        @Override
        public void stop() {
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
