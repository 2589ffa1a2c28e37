package io.accelconn.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import io.vertx.core.http.HttpClosedException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * Retries what ARM says is worth retrying, and nothing else.
 * <ul>
 * <li>429 throttled: wait exactly as long as {@code Retry-After} (or its ms variants) says;</li>
 * <li>409 {@code AnotherOperationInProgress} and 429 {@code RetryableErrorDueToAnotherOperation}:
 * the NIC is busy with someone else's change; back off and try again;</li>
 * <li>408, 500, 502, 503, 504 and broken connections: capped exponential backoff with jitter.</li>
 * </ul>
 * 400/401/403/404/412 and every other answer go straight back to the caller: repeating them
 * cannot help, and 412 in particular must reach NicGateway so it re-reads and re-decides.
 * The error code is read from a buffered copy of the body, so the SDK still sees the body.
 */
final class ArmRetryPolicy implements HttpPipelinePolicy {

    private final AzureConfig.Retry config;
    private final ArmMetrics metrics;

    ArmRetryPolicy(AzureConfig.Retry config, ArmMetrics metrics) {
        if (config.maxAttempts() < 1) {
            throw new IllegalArgumentException("accelconn.azure.retry.max-attempts must be >= 1");
        }
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        HttpRequest original = context.getHttpRequest();
        BinaryData body = original.getBodyAsBinaryData();
        if (body != null && !body.isReplayable()) {
            return body.toReplayableBinaryDataAsync()
                    .flatMap(replayable -> {
                        original.setBody(replayable);
                        return attempt(context, next, original, 1);
                    });
        }
        return attempt(context, next, original, 1);
    }

    private Mono<HttpResponse> attempt(HttpPipelineCallContext context, HttpPipelineNextPolicy next,
            HttpRequest original, int attempt) {
        context.setHttpRequest(original.copy());
        return next.clone().process()
                .map(Outcome::of)
                .onErrorResume(ArmRetryPolicy::isConnectionError, e -> Mono.just(Outcome.failed(e)))
                .flatMap(outcome -> {
                    if (outcome.error != null) {
                        Decision d = decideOnError(original, outcome.error, attempt);
                        return Mono.delay(d.delay).then(Mono.defer(() -> attempt(context, next, original, attempt + 1)));
                    }
                    HttpResponse response = outcome.response;
                    if (!isRetryableStatus(response.getStatusCode())) {
                        return Mono.just(response);
                    }
                    HttpResponse buffered = response.buffer();
                    return buffered.getBodyAsByteArray().defaultIfEmpty(new byte[0]).flatMap(bytes -> {
                        Decision d = decide(original, buffered, bytes, attempt);
                        if (d == null) {
                            return Mono.just(buffered);
                        }
                        buffered.close();
                        return Mono.delay(d.delay).then(Mono.defer(() -> attempt(context, next, original, attempt + 1)));
                    });
                });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        HttpRequest original = context.getHttpRequest();
        BinaryData body = original.getBodyAsBinaryData();
        if (body != null && !body.isReplayable()) {
            original.setBody(body.toReplayableBinaryData());
        }
        for (int attempt = 1; ; attempt++) {
            context.setHttpRequest(original.copy());
            HttpResponse response;
            try {
                response = next.clone().processSync();
            } catch (RuntimeException e) {
                if (!isConnectionError(e)) {
                    throw e;
                }
                sleep(decideOnError(original, e, attempt).delay);
                continue;
            }
            if (!isRetryableStatus(response.getStatusCode())) {
                return response;
            }
            HttpResponse buffered = response.buffer();
            BinaryData bytes = buffered.getBodyAsBinaryData();
            Decision d = decide(original, buffered, bytes == null ? new byte[0] : bytes.toBytes(), attempt);
            if (d == null) {
                return buffered;
            }
            buffered.close();
            sleep(d.delay);
        }
    }

    /** Null = hand the answer to the caller; otherwise retry after the decided delay. */
    private Decision decide(HttpRequest request, HttpResponse response, byte[] body, int attempt) {
        int status = response.getStatusCode();
        String code = ArmErrors.errorCode(body);
        String reason;
        if (status == 409) {
            if (!ArmErrors.ANOTHER_OPERATION_IN_PROGRESS.equalsIgnoreCase(code)) {
                return null;
            }
            reason = "busy";
        } else if (status == 429) {
            reason = ArmErrors.RETRYABLE_DUE_TO_ANOTHER_OPERATION.equalsIgnoreCase(code) ? "busy" : "throttled";
        } else {
            reason = "server-error";
        }
        if (attempt >= config.maxAttempts()) {
            throw new ArmRetriesExhaustedException(request.getHttpMethod().name(),
                    ArmErrors.pathOf(request.getUrl()), status, code, attempt, null);
        }
        Duration serverSaid = ArmErrors.retryAfter(response.getHeaders());
        metrics.retry(reason);
        return new Decision(serverSaid != null ? serverSaid : backoff(attempt));
    }

    private Decision decideOnError(HttpRequest request, Throwable error, int attempt) {
        if (attempt >= config.maxAttempts()) {
            throw new ArmRetriesExhaustedException(request.getHttpMethod().name(),
                    ArmErrors.pathOf(request.getUrl()), 0, null, attempt, Exceptions.unwrap(error));
        }
        metrics.retry("connection");
        return new Decision(backoff(attempt));
    }

    private static boolean isRetryableStatus(int status) {
        return status == 408 || status == 409 || status == 429
                || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** Base * 2^(attempt-1), capped, then "equal jitter": half fixed, half random. */
    Duration backoff(int attempt) {
        long base = config.baseDelay().toMillis();
        long cap = config.maxDelay().toMillis();
        long exp = attempt >= 31 ? cap : Math.min(cap, base << (attempt - 1));
        long half = Math.max(0, exp / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    static boolean isConnectionError(Throwable e) {
        for (Throwable t = Exceptions.unwrap(e); t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof HttpClosedException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void sleep(Duration d) {
        TokenBucket.sleepNanos(d.toNanos());
    }

    private record Decision(Duration delay) {
    }

    private record Outcome(HttpResponse response, Throwable error) {
        static Outcome of(HttpResponse response) {
            return new Outcome(response, null);
        }

        static Outcome failed(Throwable error) {
            return new Outcome(null, error);
        }
    }
}
