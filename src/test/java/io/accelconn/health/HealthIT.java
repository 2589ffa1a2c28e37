package io.accelconn.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link HealthTest} (liveness and readiness) against the packaged application: the JVM jar, or the native executable with {@code -Pnative}. */
@QuarkusIntegrationTest
@TestProfile(HealthTest.Uncached.class)
class HealthIT extends HealthTest {
}
