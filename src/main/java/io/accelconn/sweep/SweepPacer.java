package io.accelconn.sweep;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.accelconn.azure.AzureConfig;
import io.accelconn.azure.TokenBucket;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sweep's share of each subscription's ARM write budget. Every ARM write also pays the
 * pipeline's bucket, which mirrors ARM's (burst 200, 10/s); a sweep that drew on it alone would
 * keep it empty and starve the event path. This bucket refills at {@code write-share} of the
 * rate with a burst of one second's worth, so the pipeline's bucket stays nearly full: the event
 * path keeps its burst and the rest of the rate. One work item per subscription writes at a time,
 * so one process paces a subscription's sweep writes.
 */
@ApplicationScoped
class SweepPacer {

    private final double writesPerSecond;
    private final Map<String, TokenBucket> bySubscription = new ConcurrentHashMap<>();

    SweepPacer(SweepConfig sweep, AzureConfig azure) {
        double share = sweep.writeShare();
        if (!(share > 0) || share > 1) {
            throw new IllegalStateException("accelconn.sweep.write-share must be in (0, 1], was " + share);
        }
        this.writesPerSecond = share * azure.throttle().writesPerSecond();
    }

    /** Blocks until the sweep may send one more write to {@code subscriptionId}. */
    void acquire(String subscriptionId) {
        bySubscription.computeIfAbsent(subscriptionId.toLowerCase(Locale.ROOT),
                s -> new TokenBucket(Math.max(1, (int) Math.floor(writesPerSecond)), writesPerSecond)).acquire();
    }

    double writesPerSecond() {
        return writesPerSecond;
    }
}
