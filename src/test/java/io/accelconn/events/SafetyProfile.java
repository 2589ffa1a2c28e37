package io.accelconn.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.AzuriteResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The write path under injected faults: Azurite and the ARM emulator, restarts opted in, no
 * enrolment list (any subscription is in scope), few retries so transient failures surface fast,
 * a tier cap of A4, room for only two subscriptions' ARM clients, and no client-side throttling.
 */
public class SafetyProfile implements QuarkusTestProfile {

    static final int MAX_TRANSIENT_ATTEMPTS = 3;
    static final int SUBSCRIPTION_CACHE = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>();
        m.put("accelconn.enforce.restart-running-vms", "true");
        m.put("accelconn.enforce.duplicate-wait", "PT2S");
        m.put("accelconn.enforce.max-transient-attempts", Integer.toString(MAX_TRANSIENT_ATTEMPTS));
        m.put("accelconn.policy.tier.max", "A4");
        m.put("accelconn.azure.retry.max-attempts", "3");
        m.put("accelconn.azure.subscription-cache.max-size", Integer.toString(SUBSCRIPTION_CACHE));
        // The chaos test sends far more than one subscription's ARM budget in seconds: measure
        // accelconn, not the client-side token bucket (as the events benchmark does).
        m.put("accelconn.azure.throttle.read-burst", "100000");
        m.put("accelconn.azure.throttle.write-burst", "100000");
        return m;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AzuriteResource.class), new TestResourceEntry(ArmEmulatorResource.class));
    }
}
