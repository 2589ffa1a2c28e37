package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A bare HTTP client for wire-level tests: what ARM answers, byte for byte, without an SDK in between. */
final class RawArm {
    static final String NIC_API = "2025-03-01";

    record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            return body.isEmpty() ? Json.object() : Reference.parse(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String errorCode() {
            return json().path("error").path("code").asText(null);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    RawArm(ArmEmulator emulator) {
        this.base = emulator.baseUrl();
    }

    HttpRequest.Builder request(String pathAndQuery) {
        String url = pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery;
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer test");
    }

    Reply get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    Reply put(String pathAndQuery, String body, String ifMatch) {
        HttpRequest.Builder b = request(pathAndQuery).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) b.header("If-Match", ifMatch);
        return send(b.build());
    }

    Reply patch(String pathAndQuery, String body, String ifMatch) {
        HttpRequest.Builder b = request(pathAndQuery).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) b.header("If-Match", ifMatch);
        return send(b.build());
    }

    Reply post(String pathAndQuery, String body) {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient client() {
        return client;
    }

    static String nicPath(String sub, String rg, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Network/networkInterfaces/" + name
                + "?api-version=" + NIC_API;
    }
}
