package io.accelconn.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.util.Context;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelinePoliciesTest {

    static final String NIC_URL = "http://127.0.0.1:1/subscriptions/" + EmulatedArm.SUB
            + "/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n?api-version=2025-03-01";

    final List<HttpRequest> sent = new ArrayList<>();
    final HttpPipeline pipeline = new HttpPipelineBuilder()
            .policies(new IfMatchPolicy())
            .httpClient(request -> {
                sent.add(request);
                return Mono.just(new StubResponse(request, 200, ""));
            })
            .build();

    @Test
    void ifMatchGoesOnWritesOnlyNeverOnPollingReads() {
        Context ctx = IfMatchPolicy.ifMatch("W/\"abc\"");
        pipeline.sendSync(new HttpRequest(HttpMethod.PUT, NIC_URL), ctx).close();
        pipeline.sendSync(new HttpRequest(HttpMethod.GET, NIC_URL), ctx).close();
        pipeline.send(new HttpRequest(HttpMethod.PATCH, NIC_URL), ctx).block().close();

        assertEquals("W/\"abc\"", sent.get(0).getHeaders().getValue(HttpHeaderName.IF_MATCH));
        assertNull(sent.get(1).getHeaders().getValue(HttpHeaderName.IF_MATCH));
        assertEquals("W/\"abc\"", sent.get(2).getHeaders().getValue(HttpHeaderName.IF_MATCH));
    }

    @Test
    void blindNicWritesAreRefused() {
        IllegalStateException sync = assertThrows(IllegalStateException.class,
                () -> pipeline.sendSync(new HttpRequest(HttpMethod.PUT, NIC_URL), Context.NONE));
        assertTrue(sync.getMessage().contains("without If-Match"));
        assertThrows(IllegalStateException.class,
                () -> pipeline.send(new HttpRequest(HttpMethod.PUT, NIC_URL), Context.NONE).block());
        assertTrue(sent.isEmpty());
        HttpRequest create = new HttpRequest(HttpMethod.PUT, NIC_URL).setHeader(HttpHeaderName.IF_NONE_MATCH, "*");
        pipeline.sendSync(create, Context.NONE).close();
        assertEquals(1, sent.size(), "a create guarded by If-None-Match may go");
    }

    @Test
    void retryAfterInAllItsForms() {
        assertEquals(Duration.ofSeconds(1), ArmErrors.retryAfter(new HttpHeaders().set("Retry-After", "1")));
        assertEquals(Duration.ofMillis(1500), ArmErrors.retryAfter(new HttpHeaders().set("Retry-After", "1.5")));
        assertEquals(Duration.ofMillis(250), ArmErrors.retryAfter(new HttpHeaders().set("retry-after-ms", "250").set("Retry-After", "9")));
        assertEquals(Duration.ofMillis(40), ArmErrors.retryAfter(new HttpHeaders().set("x-ms-retry-after-ms", "40")));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        Duration fromDate = ArmErrors.retryAfter(new HttpHeaders().set("Retry-After", date));
        assertTrue(fromDate.toSeconds() >= 28 && fromDate.toSeconds() <= 30, fromDate.toString());
        assertNull(ArmErrors.retryAfter(new HttpHeaders()));
        assertNull(ArmErrors.retryAfter(new HttpHeaders().set("Retry-After", "soon")));
    }

    @Test
    void errorCodeFromArmBodies() {
        assertEquals("AnotherOperationInProgress",
                ArmErrors.errorCode("{\"error\":{\"code\":\"AnotherOperationInProgress\",\"message\":\"busy\"}}".getBytes()));
        assertEquals("PreconditionFailed", ArmErrors.errorCode("{\"code\":\"PreconditionFailed\"}".getBytes()));
        assertNull(ArmErrors.errorCode("<html>bad gateway</html>".getBytes()));
        assertNull(ArmErrors.errorCode(new byte[0]));
    }

    @Test
    void backoffIsCappedWithJitter() {
        AzureConfig config = TestConfigs.of(java.util.Map.of());
        ArmRetryPolicy retry = new ArmRetryPolicy(config.retry(), new ArmMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), config.subscriptionCache()));
        for (int attempt = 1; attempt < 40; attempt++) {
            long ms = retry.backoff(attempt).toMillis();
            long ceiling = Math.min(30_000, 200L << Math.min(attempt - 1, 20));
            assertTrue(ms >= ceiling / 2 && ms <= ceiling, "attempt " + attempt + ": " + ms);
        }
    }

    @Test
    void tokenBucketReservesInArrivalOrder() {
        TokenBucket bucket = new TokenBucket(2, 10);
        assertEquals(0, bucket.reserve());
        assertEquals(0, bucket.reserve());
        long third = bucket.reserve();
        long fourth = bucket.reserve();
        assertTrue(third > 50_000_000 && third <= 100_000_000, "third waits ~100 ms: " + third);
        assertTrue(fourth > third, "and the fourth queues behind it");
    }
}
