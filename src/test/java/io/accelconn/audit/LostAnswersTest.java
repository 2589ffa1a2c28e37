package io.accelconn.audit;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import io.accelconn.testsupport.Azurite;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write that reached the service but whose answer was lost is retried by the SDK, and the
 * retry meets the write's own result (409 on create, 412 on update). The store must recognise
 * its own claim rather than report it as someone else's or as lost.
 */
class LostAnswersTest {

    static final Duration LEASE = Duration.ofMinutes(5);

    final LoseNextAnswer loseNext = new LoseNextAnswer();
    AuditStore store;
    String sub;

    @BeforeEach
    void store() {
        String tableName = TestTables.fresh().getTableName();
        TableClient table = new TableClientBuilder()
                .connectionString(Azurite.shared().connectionString())
                .tableName(tableName)
                .httpClient(new com.azure.core.http.vertx.VertxHttpClientBuilder().build())
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                        .setBaseDelay(Duration.ofMillis(5)).setMaxDelay(Duration.ofMillis(20))))
                .addPolicy(loseNext)
                .buildClient();
        store = new AuditStore(table, new SimpleMeterRegistry(), Clock.systemUTC());
        sub = UUID.randomUUID().toString();
    }

    @Test
    void aRetriedCreateIsStillOurClaim() {
        loseNext.on(HttpMethod.POST);
        Claim claim = store.claim(sub, "evt-1", AuditStoreTest.nic("fw-0"), LEASE);
        assertTrue(claim.acquired(), "the 409 was our own create");
        assertEquals(null, loseNext.armed.get(), "an answer was lost");
        store.complete(claim, AuditStoreTest.record(sub, "evt-1", AuditStoreTest.nic("fw-0"), "APPLIED", Instant.now()));
    }

    @Test
    void aRetriedCompletionIsNotALostClaim() {
        Claim claim = store.claim(sub, "evt-1", AuditStoreTest.nic("fw-0"), LEASE);
        loseNext.on(HttpMethod.PUT);
        store.complete(claim, AuditStoreTest.record(sub, "evt-1", AuditStoreTest.nic("fw-0"), "APPLIED", Instant.now()));
        assertEquals(null, loseNext.armed.get(), "an answer was lost");
        assertNotNull(store.claim(sub, "evt-1", AuditStoreTest.nic("fw-0"), LEASE).existing());
    }

    /** Lets the request through, then throws its answer away, once. */
    static final class LoseNextAnswer implements HttpPipelinePolicy {
        final AtomicReference<HttpMethod> armed = new AtomicReference<>();

        void on(HttpMethod method) {
            armed.set(method);
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            HttpMethod method = context.getHttpRequest().getHttpMethod();
            HttpResponse response = next.processSync();
            if (armed.compareAndSet(method, null)) {
                response.close();
                throw new UncheckedIOException(new IOException("connection reset before the answer arrived"));
            }
            return response;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            HttpMethod method = context.getHttpRequest().getHttpMethod();
            return next.process().flatMap(response -> {
                if (armed.compareAndSet(method, null)) {
                    response.close();
                    return Mono.error(new IOException("connection reset before the answer arrived"));
                }
                return Mono.just(response);
            });
        }
    }
}
