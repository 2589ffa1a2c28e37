package io.accelconn.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

/** Counts each attempt on the wire and records ARM's remaining-budget headers. */
final class ArmMetricsPolicy implements HttpPipelinePolicy {

    private final ArmMetrics metrics;

    ArmMetricsPolicy(ArmMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        String subscription = before(context);
        return next.process().doOnNext(response -> metrics.rateLimitHeaders(subscription, response.getHeaders()));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        String subscription = before(context);
        HttpResponse response = next.processSync();
        metrics.rateLimitHeaders(subscription, response.getHeaders());
        return response;
    }

    private String before(HttpPipelineCallContext context) {
        metrics.request(context.getHttpRequest().getHttpMethod().name());
        return ArmThrottlePolicy.subscriptionOf(context.getHttpRequest().getUrl().getPath());
    }
}
