package io.accelconn.azure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalListener;

/**
 * Per-subscription state (SDK clients, token buckets, gauges) in a bounded cache that forgets
 * subscriptions no longer called: every subscription id an event names would otherwise stay in
 * memory for the life of the process. Removal runs on the calling thread, so what depends on an
 * entry (a gauge in the registry) goes with it before the call returns.
 */
final class SubscriptionCaches {

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
