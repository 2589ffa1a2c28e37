package io.accelconn.security;

import io.accelconn.events.EventsProfile;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ApiAuthTest} (function keys and the API key) against the packaged application: the JVM jar, or the native executable with {@code -Pnative}. */
@QuarkusIntegrationTest
@TestProfile(EventsProfile.class)
class ApiAuthIT extends ApiAuthTest {
}
