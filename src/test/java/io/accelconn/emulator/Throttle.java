package io.accelconn.emulator;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARM's per-subscription token buckets (reads burst 250 refill 25/s; writes burst 200 refill
 * 10/s). Every request takes a token so the {@code x-ms-ratelimit-remaining-*} headers are
 * realistic; only with enforcement on does an empty bucket refuse the request.
 */
final class Throttle {
    static final int READ_BURST = 250;
    static final double READ_REFILL_PER_SECOND = 25;
    static final int WRITE_BURST = 200;
    static final double WRITE_REFILL_PER_SECOND = 10;

    /** remaining tokens after the take, or -1 with the seconds until one is back. */
    record Decision(long remaining, int retryAfterSeconds) {
        boolean allowed() {
            return remaining >= 0;
        }
    }

    private record Buckets(TokenBucket reads, TokenBucket writes) {
    }

    private final ConcurrentHashMap<String, Buckets> bySubscription = new ConcurrentHashMap<>();

    Decision take(String subscription, boolean read) {
        Buckets b = bySubscription.computeIfAbsent(subscription.toLowerCase(Locale.ROOT),
                s -> new Buckets(new TokenBucket(READ_BURST, READ_REFILL_PER_SECOND),
                        new TokenBucket(WRITE_BURST, WRITE_REFILL_PER_SECOND)));
        return (read ? b.reads : b.writes).take();
    }

    void reset() {
        bySubscription.clear();
    }

    static final class TokenBucket {
        private final double capacity;
        private final double refillPerNano;
        private double tokens;
        private long last;

        TokenBucket(double capacity, double refillPerSecond) {
            this.capacity = capacity;
            this.refillPerNano = refillPerSecond / 1e9;
            this.tokens = capacity;
            this.last = System.nanoTime();
        }

        synchronized Decision take() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * refillPerNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision((long) Math.floor(tokens), 0);
            }
            double seconds = (1 - tokens) / (refillPerNano * 1e9);
            return new Decision(-1, (int) Math.max(1, Math.ceil(seconds)));
        }
    }
}
