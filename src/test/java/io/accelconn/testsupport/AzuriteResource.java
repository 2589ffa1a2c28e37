package io.accelconn.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at Azurite: {@code @QuarkusTestResource(AzuriteResource.class)}.
 * All test classes of a JVM share one Azurite ({@link Azurite#shared()}); it stops with the JVM,
 * so {@link #stop()} leaves it running for the next class. Tests isolate themselves by table
 * name or key, not by emulator.
 */
public class AzuriteResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("accelconn.storage.connection-string", Azurite.shared().connectionString());
    }

    @Override
    public void stop() {
        // shared per JVM: the shutdown hook stops it
    }
}
