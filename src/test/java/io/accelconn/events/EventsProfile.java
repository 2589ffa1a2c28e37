package io.accelconn.events;

import java.util.List;
import java.util.Map;

import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.AzuriteResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The event path against a real Azurite and the ARM emulator, with two enrolled subscriptions. */
public class EventsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("accelconn.policy.enrolled-subscriptions", EventsFixtures.SUB + ",22222222-2222-4333-8444-555555555555",
                "accelconn.enforce.restart-running-vms", "true",
                "accelconn.enforce.duplicate-wait", "PT5S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AzuriteResource.class), new TestResourceEntry(ArmEmulatorResource.class));
    }

    /** The same, in audit mode: decide and record, never write to ARM. */
    public static class AuditMode extends EventsProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            var m = new java.util.HashMap<>(super.getConfigOverrides());
            m.put("accelconn.enforce.mode", "audit");
            return m;
        }
    }
}
