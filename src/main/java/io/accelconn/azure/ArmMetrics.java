package io.accelconn.azure;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import com.github.benmanes.caffeine.cache.Cache;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ARM traffic as Micrometer meters: requests by method, retries by reason, and the remaining
 * budget ARM reports in {@code x-ms-ratelimit-remaining-*} headers, per subscription. The
 * remaining-budget gauges show how close a sweep runs to ARM's throttling before it hits it.
 * They are kept per subscription in a bounded cache; a subscription dropped from it takes its
 * gauges out of the registry, so neither grows with every subscription ever seen.
 */
final class ArmMetrics {

    static final String REQUESTS = "accelconn.arm.requests";
    static final String RETRIES = "accelconn.arm.retries";
    static final String REMAINING = "accelconn.arm.ratelimit.remaining";

    private static final String HEADER_PREFIX = "x-ms-ratelimit-remaining-";
    private static final String RESOURCE_HEADER = "x-ms-ratelimit-remaining-resource";

    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    /** Per subscription: one gauge per limit ARM reports (a handful of names per provider). */
    private final Cache<String, Map<String, Remaining>> remaining;

    private record Remaining(AtomicLong value, Gauge gauge) {
    }

    ArmMetrics(MeterRegistry registry, AzureConfig.SubscriptionCache cache) {
        this.registry = registry;
        this.remaining = SubscriptionCaches.create(cache, (subscription, gauges, cause) -> {
            if (gauges != null) {
                gauges.values().forEach(g -> registry.remove(g.gauge()));
            }
        });
    }

    void request(String method) {
        requests.computeIfAbsent(method, m -> Counter.builder(REQUESTS)
                .description("ARM requests sent, retries included")
                .tag("method", m).register(registry)).increment();
    }

    void retry(String reason) {
        retries.computeIfAbsent(reason, r -> Counter.builder(RETRIES)
                .description("ARM requests retried, by reason")
                .tag("reason", r).register(registry)).increment();
    }

    /**
     * Records every {@code x-ms-ratelimit-remaining-*} header. The {@code -resource} header
     * lists several provider policies ({@code Microsoft.Network/PutNetworkInterface3Min;199,...}),
     * each becomes its own gauge.
     */
    void rateLimitHeaders(String subscription, HttpHeaders headers) {
        for (HttpHeader header : headers) {
            String name = header.getName().toLowerCase(Locale.ROOT);
            if (!name.startsWith(HEADER_PREFIX)) {
                continue;
            }
            if (name.equals(RESOURCE_HEADER)) {
                for (String entry : header.getValue().split(",")) {
                    int semicolon = entry.lastIndexOf(';');
                    if (semicolon > 0) {
                        record(subscription, entry.substring(0, semicolon).trim(), entry.substring(semicolon + 1));
                    }
                }
            } else {
                record(subscription, name.substring(HEADER_PREFIX.length()), header.getValue());
            }
        }
    }

    private void record(String subscription, String limit, String value) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return;
        }
        remaining.get(subscription, s -> new ConcurrentHashMap<>()).computeIfAbsent(limit, l -> {
            AtomicLong holder = new AtomicLong();
            Gauge gauge = Gauge.builder(REMAINING, holder, AtomicLong::get)
                    .description("Requests ARM says are left in its throttling window")
                    .tag("subscription", subscription).tag("limit", l)
                    .register(registry);
            return new Remaining(holder, gauge);
        }).value().set(parsed);
    }
}
