package io.accelconn.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

/** Times each attempt on the wire by method and status, and records ARM's remaining-budget headers. */
final class ArmMetricsPolicy implements HttpPipelinePolicy {

    private final ArmMetrics metrics;

    ArmMetricsPolicy(ArmMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        String method = context.getHttpRequest().getHttpMethod().name();
        String subscription = subscriptionOf(context);
        return Mono.defer(() -> {
            long started = System.nanoTime();
            return next.process()
                    .doOnNext(response -> answered(method, subscription, response, started))
                    .doOnError(e -> metrics.request(method, ArmMetrics.NO_ANSWER, System.nanoTime() - started));
        });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        String method = context.getHttpRequest().getHttpMethod().name();
        String subscription = subscriptionOf(context);
        long started = System.nanoTime();
        HttpResponse response;
        try {
            response = next.processSync();
        } catch (RuntimeException e) {
            metrics.request(method, ArmMetrics.NO_ANSWER, System.nanoTime() - started);
            throw e;
        }
        answered(method, subscription, response, started);
        return response;
    }

    private void answered(String method, String subscription, HttpResponse response, long started) {
        metrics.request(method, Integer.toString(response.getStatusCode()), System.nanoTime() - started);
        metrics.rateLimitHeaders(subscription, response.getHeaders());
    }

    private static String subscriptionOf(HttpPipelineCallContext context) {
        return ArmThrottlePolicy.subscriptionOf(context.getHttpRequest().getUrl().getPath());
    }
}
