package io.accelconn.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class EligibilityFunctionTest {

    static final String GOOD = """
            {"region":"East US 2","vmSize":"Standard_D16s_v4","acceleratedNetworking":true,
             "subscriptionId":"6f1a3b2c-0d4e-4f5a-8b9c-0123456789ab","tags":{"owner":"netops"}}""";

    @Test
    void eligibleNic() {
        given().contentType(ContentType.JSON).body(GOOD)
                .when().post("/eligibility")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("eligible", equalTo(true))
                .body("reasons", empty())
                .body("tier", equalTo("A4"))
                .body("tags.owner", equalTo("netops"))
                .body("tags.fastpathenabled", equalTo("true"));
    }

    @Test
    void ineligibleNicWithEveryReason() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"region":"brazilsouth","vmSize":"Standard_D2s_v5","acceleratedNetworking":false,
                         "auxiliaryMode":"Floating","tags":{"accelconn-opt-out":"true"},"attachedToRunningVm":true}""")
                .when().post("/eligibility")
                .then().statusCode(200)
                .body("eligible", equalTo(false))
                .body("reasons.code", contains("REGION_UNSUPPORTED", "SIZE_FAMILY_EXCLUDED", "SIZE_TOO_SMALL",
                        "ACCELERATED_NETWORKING_DISABLED", "OPTED_OUT", "AUXILIARY_MODE_CONFLICT",
                        "NIC_ATTACHED_TO_RUNNING_VM"))
                .body("reasons.message", not(contains(nullValue())))
                .body("tier", nullValue())
                .body("tags", nullValue());
    }

    @Test
    void batchAnswersEachInOrder() {
        StringBuilder body = new StringBuilder("[");
        String[] sizes = { "Standard_D4s_v4", "Standard_B2s", "Standard_F8s_v2", "Standard_D8s_v5", "Standard_M64ms" };
        for (int i = 0; i < 1000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"region\":\"westeurope\",\"vmSize\":\"").append(sizes[i % sizes.length])
                    .append("\",\"acceleratedNetworking\":true}");
        }
        body.append("]");
        given().contentType(ContentType.JSON).body(body.toString())
                .when().post("/eligibility")
                .then().statusCode(200)
                .body("$", hasSize(1000))
                .body("[0].tier", equalTo("A1"))
                .body("[1].reasons.code", contains("SIZE_NO_ACCELERATED_NETWORKING", "SIZE_TOO_SMALL"))
                .body("[2].tier", equalTo("A2"))
                .body("[3].reasons.code", contains("SIZE_FAMILY_EXCLUDED"))
                .body("[4].tier", equalTo("A8"))
                .body("[999].tier", equalTo("A8"));
    }

    @Test
    void batchOverTheLimitIsRefused() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            body.append(i == 0 ? "" : ",").append("{\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true}");
        }
        given().contentType(ContentType.JSON).body(body.append("]").toString())
                .when().post("/eligibility")
                .then().statusCode(400).body("code", equalTo("BATCH_TOO_LARGE"))
                .body("message", containsString("1001"));
    }

    @Test
    void oneBadCandidateRefusesTheBatchAndNamesIt() {
        given().contentType(ContentType.JSON)
                .body("[{\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true},"
                        + "{\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":\"yes\"}]")
                .when().post("/eligibility")
                .then().statusCode(400).body("code", equalTo("INVALID_FIELD"))
                .body("message", containsString("[1].acceleratedNetworking"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "truncated JSON       | {\"region\":\"eastus\"                                   | MALFORMED_JSON",
            "not JSON             | region=eastus                                              | MALFORMED_JSON",
            "empty body           | ``                                                         | MISSING_BODY",
            "JSON null            | null                                                       | MISSING_BODY",
            "a string             | \"eastus\"                                                 | INVALID_BODY",
            "empty batch          | []                                                         | EMPTY_BATCH",
            "batch of numbers     | [1,2]                                                      | INVALID_BODY",
            "missing region       | {\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true} | MISSING_FIELD",
            "missing AN           | {\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\"}     | MISSING_FIELD",
            "region a number      | {\"region\":5,\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true} | INVALID_FIELD",
            "AN a string          | {\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":\"true\"} | INVALID_FIELD",
            "bad subscription     | {\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true,\"subscriptionId\":\"../x\"} | INVALID_FIELD",
            "tags not an object   | {\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true,\"tags\":[1]} | INVALID_FIELD",
            "tag value a number   | {\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true,\"tags\":{\"a\":1}} | INVALID_FIELD",
            "unknown aux mode     | {\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true,\"auxiliaryMode\":\"Turbo\"} | INVALID_FIELD",
            "control character    | {\"region\":\"east\\nus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true} | INVALID_FIELD",
    })
    void badInputIsA400WithAReasonCode(String why, String body, String code) {
        given().contentType(ContentType.JSON).body(body == null ? "" : body)
                .when().post("/eligibility")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("code", equalTo(code))
                .body("message", not(containsString("Exception")))
                .body("message", not(containsString("\tat ")));
    }

    @Test
    void oversizedBodyIsA413WithAReasonCode() {
        String huge = "[" + "{\"region\":\"eastus\",\"vmSize\":\"Standard_D4s_v4\",\"acceleratedNetworking\":true},".repeat(20_000)
                + "{}]";
        given().contentType(ContentType.JSON).body(huge)
                .when().post("/eligibility")
                .then().statusCode(413).body("code", equalTo("BODY_TOO_LARGE"));
    }

    @Test
    void unknownFunctionIsA404WithAReasonCode() {
        given().contentType(ContentType.JSON).body("{}").when().post("/no-such-function")
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }
}
