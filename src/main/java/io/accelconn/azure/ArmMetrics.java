package io.accelconn.azure;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.github.benmanes.caffeine.cache.Cache;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ARM traffic as Micrometer meters (README "Metrics"): every attempt on the wire as a timer by
 * method and status, retries by reason, waits for the client-side token bucket, and the remaining
 * budget ARM reports in {@code x-ms-ratelimit-remaining-*} headers, per subscription. The
 * remaining-budget gauges show how close a sweep runs to ARM's throttling before it hits it.
 * They are kept per subscription in a bounded cache; a subscription dropped from it takes its
 * gauges out of the registry, so neither grows with every subscription ever seen.
 */
final class ArmMetrics {

    static final String REQUESTS = "accelconn.arm.requests";
    static final String RETRIES = "accelconn.arm.retries";
    static final String THROTTLE_WAITS = "accelconn.arm.throttle.waits";
    static final String REMAINING = "accelconn.arm.ratelimit.remaining";
    /** The status tag of an attempt that got no answer (connection error, timeout). */
    static final String NO_ANSWER = "none";

    private static final String HEADER_PREFIX = "x-ms-ratelimit-remaining-";
    private static final String RESOURCE_HEADER = "x-ms-ratelimit-remaining-resource";

    private final MeterRegistry registry;
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, Timer> throttleWaits = new ConcurrentHashMap<>();
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

    /** One attempt on the wire, from send to answer; {@code status} is {@link #NO_ANSWER} when none came. */
    void request(String method, String status, long nanos) {
        requests.computeIfAbsent(method + ' ' + status, k -> Timer.builder(REQUESTS)
                .description("ARM requests sent, each attempt of a retried call on its own, by method and answer status")
                .tag("method", method).tag("status", status).publishPercentileHistogram()
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Time a request waited for a token of the client-side bucket ({@code kind} read or write); only waits are recorded. */
    void throttleWait(String kind, long nanos) {
        throttleWaits.computeIfAbsent(kind, k -> Timer.builder(THROTTLE_WAITS)
                .description("Waits for the client-side ARM token bucket, by read or write")
                .tag("kind", k).publishPercentileHistogram()
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
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
