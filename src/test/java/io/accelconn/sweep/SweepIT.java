package io.accelconn.sweep;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SweepTest} (the sweep, sweep-worker and sweep-report functions, queue deliveries as the host makes them) against the packaged application: the JVM jar, or the native executable with {@code -Pnative}. */
@QuarkusIntegrationTest
@TestProfile(SweepProfile.class)
class SweepIT extends SweepTest {
}
