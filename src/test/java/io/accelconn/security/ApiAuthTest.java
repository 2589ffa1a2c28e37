package io.accelconn.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.accelconn.events.EventsProfile;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Standalone access through real HTTP: protected functions need a configured key, sent as the
 * {@code x-functions-key} header or the {@code code} query parameter; open paths stay open.
 * Requests here go through java.net.http, which sends exactly what the test says (no automatic key).
 */
@QuarkusTest
@TestProfile(EventsProfile.class)
class ApiAuthTest {

    private static final String WRONG_KEY = "not-the-key-but-just-as-long";

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logLines) {
                logLines.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        java.util.logging.Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void protectedFunctionsRefuseCallersWithoutAKey() throws Exception {
        for (String path : List.of("/audit", "/q/metrics", "/no-such-function")) {
            HttpResponse<String> r = send(get(path));
            assertEquals(401, r.statusCode(), path);
            assertTrue(r.body().contains("\"code\":\"MISSING_KEY\""), r.body());
        }
        HttpResponse<String> r = send(post("/events", "[]"));
        assertEquals(401, r.statusCode());
        r = send(post("/enforce", "{}"));
        assertEquals(401, r.statusCode());
        r = send(HttpRequest.newBuilder(base.resolve("/events")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("WebHook-Request-Origin", "eventgrid.azure.net"));
        assertEquals(401, r.statusCode(), "the CloudEvents handshake carries the key of the subscription URL too");
    }

    @Test
    void aWrongKeyIsRefusedInHeaderAndQuery() throws Exception {
        HttpResponse<String> r = send(get("/audit").header(TestApiKey.HEADER, WRONG_KEY));
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"code\":\"INVALID_KEY\""), r.body());
        r = send(get("/audit?code=" + WRONG_KEY));
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"code\":\"INVALID_KEY\""), r.body());
        r = send(get("/audit").header(TestApiKey.HEADER, TestApiKey.KEY.substring(0, TestApiKey.KEY.length() - 1)));
        assertEquals(401, r.statusCode(), "a prefix of the key is not the key");
    }

    @Test
    void theKeyIsAcceptedAsHeaderOrAsCodeParameter() throws Exception {
        assertEquals(200, send(get("/audit?limit=1").header(TestApiKey.HEADER, TestApiKey.KEY)).statusCode());
        assertEquals(200, send(get("/audit?limit=1&code=" + TestApiKey.KEY)).statusCode());
        assertEquals(200, send(get("/q/metrics?code=" + TestApiKey.KEY)).statusCode());
        HttpResponse<String> r = send(get("/no-such-function").header(TestApiKey.HEADER, TestApiKey.KEY));
        assertEquals(404, r.statusCode(), "with a key, an unknown path is a plain 404");
    }

    @Test
    void openPathsNeedNoKey() throws Exception {
        HttpResponse<String> r = send(post("/eligibility",
                "{\"region\":\"eastus2\",\"vmSize\":\"Standard_D8s_v4\",\"acceleratedNetworking\":true}"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(200, send(get("/q/health/live")).statusCode());
        assertEquals(200, send(get("/q/openapi")).statusCode());
        assertTrue(send(get("/")).statusCode() != 401, "the Functions host polls GET / before it sends work");
    }

    @Test
    void dotSegmentsDoNotOpenAProtectedPath() throws Exception {
        HttpResponse<String> r = send(get("/eligibility/../audit"));
        assertEquals(401, r.statusCode(), r.body());
        r = send(get("/q/health/../metrics"));
        assertEquals(401, r.statusCode(), r.body());
    }

    @Test
    void restAssuredCarriesTheTestKeyUnlessTheTestSendsItsOwn() {
        given().when().get("/audit?limit=1").then().statusCode(200);
        given().header(TestApiKey.HEADER, WRONG_KEY).when().get("/audit").then().statusCode(401)
                .body("code", equalTo("INVALID_KEY"));
        given().queryParam("code", WRONG_KEY).when().get("/audit").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").when().post("/events").then().statusCode(400);
    }

    @Test
    void keysNeverReachTheLog() throws Exception {
        send(get("/audit").header(TestApiKey.HEADER, WRONG_KEY));
        send(get("/audit?code=" + WRONG_KEY));
        send(get("/audit?code=" + TestApiKey.KEY));
        send(get("/no-such-function?code=" + TestApiKey.KEY));
        synchronized (logLines) {
            for (String line : logLines) {
                assertFalse(line.contains(TestApiKey.KEY) || line.contains(WRONG_KEY), line);
            }
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
