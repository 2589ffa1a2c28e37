package io.accelconn.plan;

import static io.accelconn.plan.PlanFixtures.plan;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;

/** Bad input to {@code POST /plan}: a 4xx with a reason code, and nothing else. */
@QuarkusTest
class PlanBadInputTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not JSON                | resources=[]                                          | MALFORMED_JSON",
            "truncated               | {\"resources\": [                                      | MALFORMED_JSON",
            "empty body              | ``                                                    | MISSING_BODY",
            "JSON null               | null                                                  | MISSING_BODY",
            "an array                | []                                                    | NOT_A_TEMPLATE_OR_PLAN",
            "neither                 | {\"region\": \"eastus\"}                              | NOT_A_TEMPLATE_OR_PLAN",
            "resources a string      | {\"$schema\": \"x\", \"resources\": \"nic\"}          | INVALID_TEMPLATE",
            "resource without type   | {\"resources\": [{\"name\": \"nic\"}]}                | INVALID_TEMPLATE",
            "variables an array      | {\"resources\": [], \"variables\": []}                | INVALID_TEMPLATE",
            "parameters not wrapped  | {\"template\": {\"resources\": []}, \"parameters\": {\"vmSize\": \"Standard_D4s_v4\"}} | INVALID_PARAMETERS",
    })
    void badBodiesAre400WithAReasonCode(String why, String body, String code) {
        plan(body == null ? "" : body, null).statusCode(400).body("code", equalTo(code));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mode                | mode=apply                  | ?mode",
            "location            | location=../../x            | ?location",
            "subscription        | subscriptionId=not-a-guid   | ?subscriptionId",
    })
    void badQueriesAre400(String why, String query, String field) {
        plan("{\"resources\": []}", query).statusCode(400).body("code", equalTo("INVALID_FIELD"))
                .body("message", containsString(field));
    }

    @Test
    void tenThousandResourcesAreRefusedBeforeAnyIsRead() {
        StringBuilder body = new StringBuilder("{\"resources\": [");
        for (int i = 0; i < 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"Microsoft.Network/networkInterfaces\",\"name\":\"n").append(i)
                    .append("\"}");
        }
        plan(body.append("]}").toString(), null).statusCode(400).body("code", equalTo("TOO_MANY_RESOURCES"))
                .body("message", containsString("10000 resources"));
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"resources\": [], \"variables\": {\"pad\": \"" + "x".repeat(1_100_000) + "\"}}";
        plan(big, null).statusCode(413).body("code", equalTo("BODY_TOO_LARGE"));
    }

    @Test
    void aTemplateWithNoNicsPassesWithAnEmptyReport() {
        plan("{\"resources\": [{\"type\": \"Microsoft.Storage/storageAccounts\", \"name\": \"st\"}]}", "mode=check")
                .statusCode(200).body("summary.nics", equalTo(0)).body("summary.passes", equalTo(true));
    }
}
