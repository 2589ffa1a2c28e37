package io.accelconn.azure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalListener;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Per-subscription state (SDK clients, token buckets, gauges) in a bounded cache that forgets
 * subscriptions no longer called: every subscription id an event names would otherwise stay in
 * memory for the life of the process. Removal runs on the calling thread, so what depends on an
 * entry (a gauge in the registry) goes with it before the call returns.
 * <p>
 * Caffeine builds the cache and node classes for a configuration by name, reflectively; Quarkus
 * registers the common ones for the native executable, not these two (a removal listener, a
 * maximum size and expiry after access; the node of the latter two). Without them every ARM call
 * of the native executable failed ({@code ClassNotFoundException: ...SSLMSA}).
 * {@code SubscriptionCachesTest} checks the names against what Caffeine builds.
 */
@RegisterForReflection(classNames = { SubscriptionCaches.LISTENING_CACHE, SubscriptionCaches.NODE }, fields = true, methods = true)
final class SubscriptionCaches {

    static final String LISTENING_CACHE = "com.github.benmanes.caffeine.cache.SSLMSA";
    static final String NODE = "com.github.benmanes.caffeine.cache.PSAMS";

    private SubscriptionCaches() {
    }

    static <V> Cache<String, V> create(AzureConfig.SubscriptionCache config) {
        return create(config, null);
    }

    static <V> Cache<String, V> create(AzureConfig.SubscriptionCache config, RemovalListener<String, V> onRemoval) {
        if (config.maxSize() < 1) {
            throw new IllegalArgumentException("accelconn.azure.subscription-cache.max-size must be >= 1");
        }
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .maximumSize(config.maxSize())
                .expireAfterAccess(config.expireAfterAccess())
                .executor(Runnable::run);
        if (onRemoval == null) {
            return builder.build();
        }
        return builder.removalListener(onRemoval).build();
    }
}
