package io.accelconn.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

import java.util.Locale;

/**
 * Adds {@code If-Match} to writes. The SDK's NIC PUT has no ifMatch parameter, so the ETag
 * travels in the call's {@link Context} and lands on the PUT/PATCH only: the long-running
 * operation's polling GETs share that Context and must not carry it.
 * <p>
 * It is also the guard against blind writes: a PUT/PATCH of a NIC with neither If-Match nor
 * If-None-Match is refused before it leaves the process.
 */
final class IfMatchPolicy implements HttpPipelinePolicy {

    /** Context key holding the ETag the caller decided on. */
    static final String ETAG_KEY = "accelconn.if-match";

    private static final String NIC_PATH = "/providers/microsoft.network/networkinterfaces/";

    /** The Context for a write conditioned on {@code etag}. */
    static Context ifMatch(String etag) {
        if (etag == null || etag.isBlank()) {
            throw new IllegalArgumentException("If-Match needs an ETag");
        }
        return new Context(ETAG_KEY, etag);
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        try {
            apply(context);
        } catch (RuntimeException e) {
            return Mono.error(e);
        }
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        apply(context);
        return next.processSync();
    }

    private static void apply(HttpPipelineCallContext context) {
        HttpRequest request = context.getHttpRequest();
        HttpMethod method = request.getHttpMethod();
        if (method != HttpMethod.PUT && method != HttpMethod.PATCH) {
            return;
        }
        context.getData(ETAG_KEY).ifPresent(etag -> request.setHeader(HttpHeaderName.IF_MATCH, etag.toString()));
        boolean conditional = request.getHeaders().getValue(HttpHeaderName.IF_MATCH) != null
                || request.getHeaders().getValue(HttpHeaderName.IF_NONE_MATCH) != null;
        if (!conditional && request.getUrl().getPath().toLowerCase(Locale.ROOT).contains(NIC_PATH)) {
            throw new IllegalStateException("refusing to " + method + " a NIC without If-Match: "
                    + ArmErrors.pathOf(request.getUrl()));
        }
    }
}
