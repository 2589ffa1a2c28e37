package io.accelconn.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;

import io.accelconn.testsupport.ConfigMappings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import reactor.core.publisher.Mono;

/**
 * The transport's connection pool is what {@code accelconn.http.*} says: calls to one slow host are
 * in flight side by side up to the configured number, not Vert.x's default of 5. A loopback server
 * holds every request until the expected number are open at once, so a pool too small leaves the
 * test waiting on its guard, not passing by luck.
 */
class VertxTransportTest {

    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final List<HttpServerRequest> held = new ArrayList<>();
    private volatile int holdUntil;
    private final CountDownLatch reached = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::hold).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Holds requests (on the server's one event loop) until {@code holdUntil} are open at once, then answers all. */
    private void hold(HttpServerRequest request) {
        int now = open.incrementAndGet();
        mostOpen.accumulateAndGet(now, Math::max);
        if (reached.getCount() == 0) {
            answer(request);
            return;
        }
        held.add(request);
        if (now >= holdUntil) {
            reached.countDown();
            held.forEach(this::answer);
            held.clear();
        }
    }

    private void answer(HttpServerRequest request) {
        open.decrementAndGet();
        request.response().end("ok");
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private List<HttpResponse> send(HttpClient client, int calls) {
        String url = "http://127.0.0.1:" + server.actualPort() + "/slow";
        List<Mono<HttpResponse>> sent = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            sent.add(client.send(new HttpRequest(HttpMethod.GET, url)));
        }
        return Mono.zip(sent, answers -> {
            List<HttpResponse> out = new ArrayList<>();
            for (Object a : answers) {
                out.add((HttpResponse) a);
            }
            return out;
        }).block(Duration.ofSeconds(30));
    }

    @Test
    void theDefaultPoolKeepsAnInstancesInvocationsInFlightAtOnce() throws Exception {
        HttpTransportConfig defaults = HttpTransportConfig.defaults();
        assertEquals(32, defaults.maxConnectionsPerHost());
        // 24 invocations of one instance (batchSize 16 + newBatchThreshold 8), each with one call.
        holdUntil = 24;
        List<HttpResponse> answers = send(VertxTransport.build(defaults, vertx, Duration.ofSeconds(20)), 24);
        assertTrue(reached.await(0, TimeUnit.SECONDS), "24 calls were open at the server at once");
        assertEquals(24, answers.size());
        answers.forEach(r -> assertEquals(200, r.getStatusCode()));
    }

    @Test
    void noMoreCallsAreOpenThanTheConfiguredPool() throws Exception {
        HttpTransportConfig three = ConfigMappings.of(HttpTransportConfig.class,
                Map.of("accelconn.http.max-connections-per-host", "3"));
        holdUntil = 3;
        List<HttpResponse> answers = send(VertxTransport.build(three, vertx, Duration.ofSeconds(20)), 8);
        assertEquals(8, answers.size(), "the calls beyond the pool waited for a connection and were answered");
        assertEquals(3, mostOpen.get());
    }

    @Test
    void aPoolOfNoConnectionsIsRefusedAtStartup() {
        HttpTransportConfig none = ConfigMappings.of(HttpTransportConfig.class,
                Map.of("accelconn.http.max-connections-per-host", "0"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VertxTransport.build(none, vertx,
                Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("accelconn.http.max-connections-per-host"));
    }
}
