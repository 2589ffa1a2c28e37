package io.accelconn.emulator;

import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.core.http.HttpHeaders;

import com.azure.resourcemanager.resources.fluentcore.utils.ResourceDelayProvider;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Points the real azure-resourcemanager SDK at an {@link ArmEmulator}: a pipeline with a fixed
 * bearer token (the emulator accepts any), per-call headers from the {@link Context} (how a caller
 * sends If-Match: the generated NIC client has no If-Match parameter), and the standard retry
 * policy (honours Retry-After); and a profile whose cloud's ARM endpoint is the emulator.
 */
public final class ArmEmulatorSdk {
    public static final String TENANT_ID = ResourceGraph.TENANT_ID;

    private ArmEmulatorSdk() {
    }

    public static HttpPipeline pipeline(HttpPipelinePolicy... extra) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new AddHeadersFromContextPolicy());
        policies.add(new RetryPolicy());
        policies.add((context, next) -> {
            context.getHttpRequest().setHeader(com.azure.core.http.HttpHeaderName.AUTHORIZATION, "Bearer test");
            return next.process();
        });
        policies.addAll(List.of(extra));
        return new HttpPipelineBuilder()
                .httpClient(new VertxHttpClientBuilder().build())
                .policies(policies.toArray(new HttpPipelinePolicy[0]))
                .build();
    }

    public static AzureProfile profile(ArmEmulator emulator, String subscriptionId) {
        // Managers read other endpoints (graph) at construction; only the ARM one is ever called.
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", emulator.baseUrl() + "/");
        return new AzureProfile(TENANT_ID, subscriptionId, new AzureEnvironment(endpoints));
    }

    /**
     * The SDK waits {@code Retry-After} between long-running-operation polls, but treats 0 (the
     * emulator's default) as absent and falls back to its default interval of 30 s. This makes
     * that default {@code interval} for every manager in the JVM (a static of the SDK); call
     * {@link #restoreDefaultPolling()} after the tests.
     */
    public static void fastPolling(Duration interval) {
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(requested -> interval);
    }

    public static void restoreDefaultPolling() {
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(new ResourceDelayProvider());
    }

    /** A Context that makes the pipeline send {@code If-Match: etag} on the call it is passed to. */
    public static Context ifMatch(String etag) {
        return new Context(AddHeadersFromContextPolicy.AZURE_REQUEST_HTTP_HEADERS_KEY,
                new HttpHeaders().set(com.azure.core.http.HttpHeaderName.IF_MATCH, etag));
    }
}
