package io.accelconn.plan;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PlanTemplateTest} (POST /plan) against the packaged application: the JVM jar, or the native executable with {@code -Pnative}. */
@QuarkusIntegrationTest
class PlanTemplateIT extends PlanTemplateTest {
}
