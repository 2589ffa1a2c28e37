package io.accelconn.testsupport;

import java.util.Map;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.EmulatorOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the local ARM emulator for a {@code @QuarkusTest} and points the application's ARM
 * adapter at it. Tests reach the emulator through {@link #emulator()} to seed state, inject
 * faults and read request counters.
 */
public class ArmEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private static volatile ArmEmulator emulator;

    public static ArmEmulator emulator() {
        return emulator;
    }

    @Override
    public Map<String, String> start() {
        emulator = ArmEmulator.start(EmulatorOptions.defaults());
        return Map.of(
                "accelconn.azure.cloud", "Custom",
                "accelconn.azure.resource-manager-endpoint", emulator.baseUrl() + "/",
                "accelconn.azure.authentication", "static-token",
                "accelconn.azure.static-token", "local-emulator",
                "accelconn.azure.lro.poll-interval", "PT0.01S",
                "accelconn.azure.retry.base-delay", "PT0.01S",
                "accelconn.azure.retry.max-delay", "PT0.2S");
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }
}
