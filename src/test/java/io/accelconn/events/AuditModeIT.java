package io.accelconn.events;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AuditModeTest} against the packaged application: the JVM jar, or the native executable with {@code -Pnative}. */
@QuarkusIntegrationTest
@TestProfile(EventsProfile.AuditMode.class)
class AuditModeIT extends AuditModeTest {
}
