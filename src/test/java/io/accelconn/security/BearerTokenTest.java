package io.accelconn.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.accelconn.events.EventsProfile;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Entra ID bearer tokens, offline: the issuer's keys are a JWKS file of a test key pair
 * (src/test/resources/security), tokens are signed here with its private key or another one.
 */
@QuarkusTest
@TestProfile(BearerTokenTest.WithBearer.class)
class BearerTokenTest {

    static final String ISSUER = "https://login.microsoftonline.com/00000000-0000-4000-8000-00000000a11c/v2.0";
    static final String AUDIENCE = "api://accelconn-test";

    public static class WithBearer extends EventsProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>(super.getConfigOverrides());
            m.put("accelconn.security.bearer.issuer", ISSUER);
            m.put("accelconn.security.bearer.audience", AUDIENCE);
            m.put("accelconn.security.bearer.jwks-location",
                    "file:" + Path.of("src/test/resources/security/jwks.json").toAbsolutePath());
            return m;
        }
    }

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aValidTokenOpensProtectedFunctions() throws Exception {
        HttpResponse<String> r = get("/audit?limit=1", token("signing-key.pem", ISSUER, AUDIENCE, 300));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void theBodyOfATokenRequestReachesTheFunction() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/events"))
                .header("Authorization", "Bearer " + token("signing-key.pem", ISSUER, AUDIENCE, 300))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("EMPTY_BATCH"), "verified off the event loop, the body still arrives: " + r.body());
    }

    @Test
    void wrongTokensAreRefused() throws Exception {
        for (String token : new String[] {
                token("signing-key.pem", ISSUER, "api://someone-else", 300),
                token("signing-key.pem", "https://sts.windows.net/another-tenant/", AUDIENCE, 300),
                token("signing-key.pem", ISSUER, AUDIENCE, -600),
                token("other-key.pem", ISSUER, AUDIENCE, 300),
                "not.a.token" }) {
            HttpResponse<String> r = get("/audit?limit=1", token);
            assertEquals(401, r.statusCode(), token);
            assertTrue(r.body().contains("\"code\":\"INVALID_TOKEN\""), r.body());
        }
    }

    @Test
    void keysStillWorkAndNothingIsOpenedByAccident() throws Exception {
        HttpResponse<String> r = http.send(TestApiKey.sign(HttpRequest.newBuilder(base.resolve("/audit?limit=1"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        r = http.send(HttpRequest.newBuilder(base.resolve("/audit?limit=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"code\":\"MISSING_KEY\""), r.body());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An RS256 JWT as Entra ID issues them (header kid, iss, aud, sub, iat, nbf, exp). */
    static String token(String keyFile, String issuer, String audience, long lifetimeSeconds) throws Exception {
        long now = Instant.now().getEpochSecond();
        long issued = lifetimeSeconds < 0 ? now + 2 * lifetimeSeconds : now;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"accelconn-test\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"operator\",\"iat\":" + issued
                + ",\"nbf\":" + issued + ",\"exp\":" + (now + lifetimeSeconds) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(privateKey(keyFile));
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rs256.sign());
    }

    private static PrivateKey privateKey(String file) throws Exception {
        String pem = Files.readString(Path.of("src/test/resources/security", file))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }
}
