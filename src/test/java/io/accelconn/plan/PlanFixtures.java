package io.accelconn.plan;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The templates and plans under {@code src/test/resources/plan/} (sources in its README), and calls of {@code POST /plan}. */
final class PlanFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanFixtures() {
    }

    static String text(String name) {
        try (InputStream in = PlanFixtures.class.getResourceAsStream("/plan/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /plan/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deployment request body: the template with parameter values, as {@code az deployment group create} sends it. */
    static String deployment(String template, String parameters) {
        return "{\"properties\": {\"mode\": \"Incremental\", \"template\": " + template + ", \"parameters\": " + parameters
                + "}}";
    }

    static ValidatableResponse plan(String body, String query) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/plan" + (query == null ? "" : "?" + query))
                .then();
    }

    static JsonNode planned(String body, String query) {
        return json(plan(body, query).statusCode(200).extract().asString());
    }

    /** The NIC entry for {@code resource} (and copy index, when given). */
    static JsonNode nic(JsonNode report, String resource, Integer copyIndex) {
        for (JsonNode n : report.path("nics")) {
            if (n.path("resource").asText().equals(resource)
                    && (copyIndex == null || n.path("copyIndex").asInt(-1) == copyIndex)) {
                return n;
            }
        }
        throw new AssertionError("no NIC " + resource + " in " + report.path("nics"));
    }

    static java.util.List<String> codes(JsonNode reasons) {
        java.util.List<String> out = new java.util.ArrayList<>();
        reasons.forEach(r -> out.add(r.path("code").asText()));
        return out;
    }
}
