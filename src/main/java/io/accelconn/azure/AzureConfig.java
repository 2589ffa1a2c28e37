package io.accelconn.azure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * How accelconn reaches Azure Resource Manager. Defaults follow ARM's published limits, so a
 * sweep stays under the subscription's throttling budget without tuning.
 */
@ConfigMapping(prefix = "accelconn.azure")
public interface AzureConfig {

    /** Azure cloud: {@code AzureCloud}, {@code AzureUSGovernment}, {@code AzureChinaCloud} or {@code Custom} (needs {@code resource-manager-endpoint}). */
    @WithDefault("AzureCloud")
    Cloud cloud();

    /** ARM endpoint URL; required when {@code cloud=Custom} (e.g. the local emulator {@code http://127.0.0.1:8099/}), overrides the cloud's endpoint otherwise. */
    Optional<String> resourceManagerEndpoint();

    /** {@code default} = DefaultAzureCredential (managed identity in Azure, az login locally); {@code static-token} = a fixed bearer token, only for the local emulator. */
    @WithDefault("default")
    Authentication authentication();

    /** Bearer token sent with {@code authentication=static-token}; refused over plain http except to a loopback host. */
    Optional<String> staticToken();

    /** Microsoft Entra tenant for DefaultAzureCredential; unset = the credential's own default. */
    Optional<String> tenantId();

    /** Client-side token buckets per subscription, mirroring ARM's own so a sweep never trips 429 by itself. */
    Throttle throttle();

    /** Retries of 429, busy-NIC 409 and 5xx answers. */
    Retry retry();

    /** Long-running operations (NIC PUT, VM deallocate/start). */
    Lro lro();

    /** Resource Graph inventory queries. */
    ResourceGraph resourceGraph();

    /** How often a NIC write re-reads and re-decides after 412 PreconditionFailed before giving up. */
    @WithDefault("5")
    int etagMaxAttempts();

    /** How long a region's VM size catalog from the Resource SKUs API is reused. */
    @WithDefault("6h")
    Duration skuCacheTtl();

    /** Per-subscription state: SDK clients, client-side token buckets, rate-limit gauges. */
    SubscriptionCache subscriptionCache();

    interface SubscriptionCache {
        /**
         * Subscriptions whose state is kept at once; the least recently used beyond it are
         * dropped (their gauges removed), so every subscription an event names cannot pile up.
         */
        @WithDefault("1000")
        int maxSize();

        /**
         * A subscription not called for this long is dropped. Longer than the token buckets take to
         * refill (10 s at ARM's rates), so a dropped bucket would have been full anyway.
         */
        @WithDefault("PT1H")
        Duration expireAfterAccess();
    }

    interface Throttle {
        /** Reads (GET) a subscription may send at once. ARM's bucket holds 250. */
        @WithDefault("250")
        int readBurst();

        /** Reads per second the read bucket refills. ARM refills 25/s. */
        @WithDefault("25")
        double readsPerSecond();

        /** Writes (PUT/PATCH/POST/DELETE) a subscription may send at once. ARM's bucket holds 200. */
        @WithDefault("200")
        int writeBurst();

        /** Writes per second the write bucket refills. ARM refills 10/s. */
        @WithDefault("10")
        double writesPerSecond();
    }

    interface Retry {
        /** Total attempts per request, the first one included. */
        @WithDefault("6")
        int maxAttempts();

        /** First backoff delay when the answer has no Retry-After; doubles per attempt, with jitter. */
        @WithDefault("200ms")
        Duration baseDelay();

        /** Cap on the exponential backoff (a server's Retry-After is honoured as given). */
        @WithDefault("30s")
        Duration maxDelay();
    }

    interface Lro {
        /** Poll interval when ARM's answer carries no Retry-After. */
        @WithDefault("2s")
        Duration pollInterval();

        /** Give up waiting for a long-running operation after this long. */
        @WithDefault("10m")
        Duration timeout();
    }

    interface ResourceGraph {
        /** Use Resource Graph for fleet inventory; {@code false} lists NICs through ARM per subscription. */
        @WithDefault("true")
        boolean enabled();

        /** Rows per Resource Graph page (ARG's maximum is 1000). */
        @WithDefault("1000")
        int pageSize();
    }

    enum Cloud {
        AzureCloud, AzureUSGovernment, AzureChinaCloud, Custom
    }

    enum Authentication {
        DEFAULT("default"), STATIC_TOKEN("static-token");

        private final String configValue;

        Authentication(String configValue) {
            this.configValue = configValue;
        }

        @Override
        public String toString() {
            return configValue;
        }
    }
}
