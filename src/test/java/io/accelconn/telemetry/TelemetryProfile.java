package io.accelconn.telemetry;

import java.util.List;
import java.util.Map;

import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.AzuriteResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Telemetry against the JVM's shared Azurite and the ARM emulator. Tables of their own; tests
 * keep apart by resource (a fresh NIC name each) and fleet tests by day.
 */
public class TelemetryProfile implements QuarkusTestProfile {

    static final int MAX_SAMPLES = 300;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("accelconn.storage.telemetry-table", "CpsTelemetryTest",
                "accelconn.storage.watermark-table", "CpsWatermarksTest",
                "accelconn.storage.audit-table", "CpsAuditTest",
                "accelconn.telemetry.max-samples-per-request", Integer.toString(MAX_SAMPLES),
                "accelconn.azure.retry.max-attempts", "3",
                // Writes see enabling learnt a moment before: tests save it just before posting samples.
                "accelconn.telemetry.enablement-refresh", "PT0S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AzuriteResource.class), new TestResourceEntry(ArmEmulatorResource.class));
    }
}
