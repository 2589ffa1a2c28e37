package io.accelconn.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

/**
 * A fixed {@code Authorization: Bearer} header for the local ARM emulator.
 * BearerTokenAuthenticationPolicy refuses plain http, and the emulator is plain http on
 * loopback; ArmClients refuses this policy for any other http host.
 */
final class StaticTokenPolicy implements HttpPipelinePolicy {

    private final String headerValue;

    StaticTokenPolicy(String token) {
        this.headerValue = "Bearer " + token;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, headerValue);
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, headerValue);
        return next.processSync();
    }
}
