package io.accelconn.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import com.github.benmanes.caffeine.cache.Cache;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client-side copy of ARM's per-subscription token buckets (reads and writes apart). It sits
 * inside the retry loop, so every attempt pays a token; a sweep that would exceed ARM's budget
 * waits here instead of collecting 429s. The sync path sleeps on the caller's thread; the async
 * path waits on a timer, so no Vert.x event-loop thread is ever blocked.
 */
final class ArmThrottlePolicy implements HttpPipelinePolicy {

    /** Bucket key for requests whose path names no subscription (tenant-level calls). */
    static final String NO_SUBSCRIPTION = "-";

    private static final Pattern SUBSCRIPTION_IN_PATH =
            Pattern.compile("^/subscriptions/([^/?#]+)", Pattern.CASE_INSENSITIVE);

    private final AzureConfig.Throttle config;
    private final ArmMetrics metrics;
    /** Bounded: a bucket unused for the cache's idle time has refilled and is rebuilt full, losing nothing. */
    private final Cache<String, Buckets> bySubscription;

    ArmThrottlePolicy(AzureConfig.Throttle config, AzureConfig.SubscriptionCache cache, ArmMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.bySubscription = SubscriptionCaches.create(cache);
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        long waitNanos = reserve(context);
        if (waitNanos <= 0) {
            return next.process();
        }
        return Mono.delay(Duration.ofNanos(waitNanos)).then(Mono.defer(next::process));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        TokenBucket.sleepNanos(reserve(context));
        return next.processSync();
    }

    private long reserve(HttpPipelineCallContext context) {
        String subscription = subscriptionOf(context.getHttpRequest().getUrl().getPath());
        Buckets buckets = bySubscription.get(subscription, s -> new Buckets(
                new TokenBucket(config.readBurst(), config.readsPerSecond()),
                new TokenBucket(config.writeBurst(), config.writesPerSecond())));
        boolean read = isRead(context.getHttpRequest().getHttpMethod(), context.getHttpRequest().getUrl().getPath());
        long waitNanos = read ? buckets.reads.reserve() : buckets.writes.reserve();
        if (waitNanos > 0) {
            metrics.throttleWait(read ? "read" : "write", waitNanos);
        }
        return waitNanos;
    }

    static String subscriptionOf(String path) {
        if (path == null) {
            return NO_SUBSCRIPTION;
        }
        Matcher m = SUBSCRIPTION_IN_PATH.matcher(path);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : NO_SUBSCRIPTION;
    }

    /**
     * GET/HEAD are reads. A Resource Graph query is a POST but reads: counting it as a write
     * would starve NIC updates; Resource Graph has its own quota, kept by FleetInventory.
     */
    static boolean isRead(HttpMethod method, String path) {
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return true;
        }
        return method == HttpMethod.POST && path != null
                && path.toLowerCase(Locale.ROOT).startsWith("/providers/microsoft.resourcegraph/");
    }

    private record Buckets(TokenBucket reads, TokenBucket writes) {
    }
}
