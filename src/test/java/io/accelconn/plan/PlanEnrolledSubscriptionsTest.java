package io.accelconn.plan;

import static io.accelconn.plan.PlanFixtures.deployment;
import static io.accelconn.plan.PlanFixtures.plan;
import static io.accelconn.plan.PlanFixtures.text;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With {@code accelconn.policy.enrolled-subscriptions} set, plan needs to know where the template goes. */
@QuarkusTest
@TestProfile(PlanEnrolledSubscriptionsTest.Enrolled.class)
class PlanEnrolledSubscriptionsTest {

    static final String SUB = "6f1a3b2c-0d4e-4f5a-8b9c-0123456789ab";

    public static class Enrolled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("accelconn.policy.enrolled-subscriptions", SUB);
        }
    }

    static final String BODY = deployment(text("fortigate-single-vm.azuredeploy.json"),
            "{\"fortiGateNamePrefix\": {\"value\": \"acme\"}, \"instanceType\": {\"value\": \"Standard_F8s_v2\"}}");

    @Test
    void theSubscriptionDecides() {
        plan(BODY, "location=westeurope").statusCode(200)
                .body("nics[0].verdict", equalTo("INELIGIBLE"))
                .body("nics[0].reasons.code", contains("SUBSCRIPTION_NOT_ENROLLED"));
        plan(BODY, "location=westeurope&subscriptionId=22222222-2222-4333-8444-555555555555").statusCode(200)
                .body("nics[0].reasons.code", contains("SUBSCRIPTION_NOT_ENROLLED"));
        plan(BODY, "location=westeurope&subscriptionId=" + SUB.toUpperCase()).statusCode(200)
                .body("nics[0].verdict", equalTo("NEEDS_CHANGES"));
    }
}
