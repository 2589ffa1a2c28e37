package io.accelconn.functions;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link EligibilityFunctionTest} against the packaged application: the JVM jar, or the native executable with {@code -Pnative}. */
@QuarkusIntegrationTest
class EligibilityFunctionIT extends EligibilityFunctionTest {
}
