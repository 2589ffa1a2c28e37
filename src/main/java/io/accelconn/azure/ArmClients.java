package io.accelconn.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ResourceSkusClient;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import com.azure.resourcemanager.monitor.MonitorManager;
import com.azure.resourcemanager.monitor.fluent.MetricsClient;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.NetworkInterfacesClient;
import com.azure.resourcemanager.resourcegraph.ResourceGraphManager;
import com.azure.resourcemanager.resources.fluentcore.policy.AuthenticationPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * The one HTTP pipeline to ARM and the SDK clients on top of it, built once.
 * <p>
 * Policy order matters: request id, user agent and the decision's correlation id once per call
 * (read from the MDC on the caller's thread, see {@link ArmCorrelationPolicy}); retry around everything
 * below it, so each attempt pays a throttle token, gets If-Match, is counted and gets a fresh
 * bearer token; logging last, so it shows what went on the wire. Transport is Vert.x (Quarkus's
 * own instance when running in Quarkus): one HTTP stack in the process.
 * <p>
 * Calls block the calling thread (the SDK's sync API); call them from worker threads, never
 * from a Vert.x event loop.
 */
@ApplicationScoped
public class ArmClients {

    static final String USER_AGENT = "accelconn/0.1";

    private final AzureConfig config;
    private final AzureProfile profile;
    private final HttpPipeline pipeline;
    private final ArmMetrics metrics;
    private final Cache<String, NetworkManager> networkBySubscription;
    private final Cache<String, ComputeManager> computeBySubscription;
    private final Cache<String, MonitorManager> monitorBySubscription;
    private volatile ResourceGraphManager resourceGraph;

    @Inject
    ArmClients(AzureConfig config, MeterRegistry registry, Instance<Vertx> vertx, HttpTransportConfig http) {
        this(config, registry, vertx.isResolvable() ? vertx.get() : null, http);
    }

    /**
     * @param vertx the Vert.x instance to send through; null lets the SDK start (and own) one
     * @param http  the transport's connection pool
     */
    public ArmClients(AzureConfig config, MeterRegistry registry, Vertx vertx, HttpTransportConfig http) {
        this.config = config;
        this.profile = new AzureProfile(environment(config));
        this.metrics = new ArmMetrics(registry, config.subscriptionCache());
        this.networkBySubscription = SubscriptionCaches.create(config.subscriptionCache());
        this.computeBySubscription = SubscriptionCaches.create(config.subscriptionCache());
        this.monitorBySubscription = SubscriptionCaches.create(config.subscriptionCache());
        if (config.authentication() == AzureConfig.Authentication.STATIC_TOKEN) {
            // Before any transport is started: a refused configuration must not leave threads behind.
            requireHttpsOrLoopback(profile.getEnvironment().getResourceManagerEndpoint());
        }
        HttpClient httpClient = VertxTransport.build(http, vertx, Duration.ofSeconds(60));
        this.pipeline = new HttpPipelineBuilder()
                .httpClient(httpClient)
                .policies(policies(config, profile, httpClient, metrics).toArray(HttpPipelinePolicy[]::new))
                .build();
    }

    private static List<HttpPipelinePolicy> policies(AzureConfig config, AzureProfile profile,
            HttpClient httpClient, ArmMetrics metrics) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy(USER_AGENT));
        policies.add(new RequestIdPolicy());
        policies.add(new ArmCorrelationPolicy());
        policies.add(new ArmRetryPolicy(config.retry(), metrics));
        policies.add(new ArmThrottlePolicy(config.throttle(), config.subscriptionCache(), metrics));
        policies.add(new IfMatchPolicy());
        policies.add(new ArmMetricsPolicy(metrics));
        policies.add(authentication(config, profile, httpClient));
        policies.add(new HttpLoggingPolicy(new HttpLogOptions()));
        return policies;
    }

    private static HttpPipelinePolicy authentication(AzureConfig config, AzureProfile profile, HttpClient httpClient) {
        AzureEnvironment env = profile.getEnvironment();
        if (config.authentication() == AzureConfig.Authentication.STATIC_TOKEN) {
            String token = config.staticToken().filter(t -> !t.isBlank()).orElseThrow(() ->
                    new IllegalStateException("accelconn.azure.static-token is required with authentication=static-token"));
            requireHttpsOrLoopback(env.getResourceManagerEndpoint());
            return new StaticTokenPolicy(token);
        }
        DefaultAzureCredentialBuilder credential = new DefaultAzureCredentialBuilder()
                .authorityHost(env.getActiveDirectoryEndpoint())
                .httpClient(httpClient);
        config.tenantId().ifPresent(credential::tenantId);
        TokenCredential built = credential.build();
        // The ARM flavour of the bearer policy: scope from the cloud, and CAE claims challenges.
        return new AuthenticationPolicy(built, env);
    }

    /** A static token over plain http would leave the machine readable; only loopback may do that. */
    private static void requireHttpsOrLoopback(String endpoint) {
        URI uri = URI.create(endpoint);
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return;
        }
        try {
            if (uri.getHost() != null && InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                return;
            }
        } catch (UnknownHostException e) {
            // fall through to the refusal
        }
        throw new IllegalStateException("static-token authentication over plain http is only allowed to a loopback host, not "
                + uri.getHost());
    }

    static AzureEnvironment environment(AzureConfig config) {
        AzureEnvironment base = switch (config.cloud()) {
            case AzureCloud, Custom -> AzureEnvironment.AZURE;
            case AzureUSGovernment -> AzureEnvironment.AZURE_US_GOVERNMENT;
            case AzureChinaCloud -> AzureEnvironment.AZURE_CHINA;
        };
        if (config.cloud() == AzureConfig.Cloud.Custom && config.resourceManagerEndpoint().isEmpty()) {
            throw new IllegalStateException("accelconn.azure.resource-manager-endpoint is required with cloud=Custom");
        }
        if (config.resourceManagerEndpoint().isEmpty()) {
            return base;
        }
        String endpoint = config.resourceManagerEndpoint().get().trim();
        URI uri = URI.create(endpoint);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalStateException("accelconn.azure.resource-manager-endpoint must be an http(s) URL: " + endpoint);
        }
        Map<String, String> endpoints = new HashMap<>(base.getEndpoints());
        endpoints.put(AzureEnvironment.Endpoint.RESOURCE_MANAGER.identifier(), endpoint.endsWith("/") ? endpoint : endpoint + "/");
        return new AzureEnvironment(endpoints);
    }

    /*
     * The NIC, VM and SKU clients come from their own resource provider's manager, not from
     * AzureResourceManager: it builds twenty-one managers and their ~650 REST proxies up front (these
     * two: ~200), which was most of the first event's cold start, and natively made every one of them
     * reachable. The managers are cached per subscription, bounded (see SubscriptionCaches), so all
     * callers share them; one is cheap to rebuild: it holds no connection of its own.
     */

    public NetworkInterfacesClient networkInterfaces(String subscriptionId) {
        return networkBySubscription.get(subscriptionKey(subscriptionId),
                id -> NetworkManager.authenticate(pipeline, subscriptionProfile(id))).serviceClient().getNetworkInterfaces();
    }

    public VirtualMachinesClient virtualMachines(String subscriptionId) {
        return compute(subscriptionId).serviceClient().getVirtualMachines();
    }

    public ResourceSkusClient resourceSkus(String subscriptionId) {
        return compute(subscriptionId).serviceClient().getResourceSkus();
    }

    private ComputeManager compute(String subscriptionId) {
        return computeBySubscription.get(subscriptionKey(subscriptionId),
                id -> ComputeManager.authenticate(pipeline, subscriptionProfile(id)));
    }

    private static String subscriptionKey(String subscriptionId) {
        return ResourceId.requireSubscriptionId(subscriptionId).toLowerCase(Locale.ROOT);
    }

    private AzureProfile subscriptionProfile(String subscriptionId) {
        return new AzureProfile(profile.getTenantId(), subscriptionId, profile.getEnvironment());
    }

    /**
     * Azure Monitor metrics through this pipeline: the metrics API is served by ARM, so its reads
     * spend the subscription's read budget like any other GET, and retry and throttle alike.
     */
    public MetricsClient metrics(String subscriptionId) {
        return monitorBySubscription.get(subscriptionKey(subscriptionId),
                id -> MonitorManager.authenticate(pipeline, subscriptionProfile(id))).serviceClient().getMetrics();
    }

    public ResourceGraphManager resourceGraph() {
        ResourceGraphManager rg = resourceGraph;
        if (rg == null) {
            synchronized (this) {
                rg = resourceGraph;
                if (rg == null) {
                    rg = ResourceGraphManager.authenticate(pipeline, profile);
                    resourceGraph = rg;
                }
            }
        }
        return rg;
    }

    public HttpPipeline pipeline() {
        return pipeline;
    }

    public AzureProfile profile() {
        return profile;
    }

    public AzureConfig config() {
        return config;
    }
}
