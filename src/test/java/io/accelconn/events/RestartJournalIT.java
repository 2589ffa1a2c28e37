package io.accelconn.events;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link RestartJournalTest} (the restart-journal function) against the packaged application: the JVM jar, or the native executable with {@code -Pnative}. */
@QuarkusIntegrationTest
@TestProfile(SafetyProfile.class)
class RestartJournalIT extends RestartJournalTest {
}
