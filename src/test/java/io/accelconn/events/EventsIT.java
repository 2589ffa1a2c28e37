package io.accelconn.events;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link EventsTest} (the {@code /events}, {@code /enforce} and {@code /audit} functions) against the
 * packaged application: the JVM jar, or the native executable with {@code -Pnative}. Azurite and
 * the ARM emulator run in the test JVM and hand their endpoints to the launched application.
 */
@QuarkusIntegrationTest
@TestProfile(EventsProfile.class)
class EventsIT extends EventsTest {
}
