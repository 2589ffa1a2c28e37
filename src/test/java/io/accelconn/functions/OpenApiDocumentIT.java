package io.accelconn.functions;

import io.accelconn.events.EventsProfile;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** {@link OpenApiDocumentTest} (the OpenAPI document) against the packaged application: the JVM jar, or the native executable with {@code -Pnative}. */
@QuarkusIntegrationTest
@TestProfile(EventsProfile.class)
class OpenApiDocumentIT extends OpenApiDocumentTest {
}
