package io.accelconn.azure;

/**
 * A token bucket that hands out reservations instead of refusals: a caller that finds it empty
 * is told how long to wait for its token, and the next caller queues behind it. That keeps
 * callers in arrival order and lets the async pipeline wait with a timer instead of a thread.
 */
public final class TokenBucket {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long lastRefillNanos;

    public TokenBucket(int capacity, double tokensPerSecond) {
        if (capacity < 1 || !(tokensPerSecond > 0)) {
            throw new IllegalArgumentException("token bucket needs capacity >= 1 and a positive refill rate");
        }
        this.capacity = capacity;
        this.tokensPerNano = tokensPerSecond / 1_000_000_000d;
        this.tokens = capacity;
        this.lastRefillNanos = System.nanoTime();
    }

    /** Takes one token and returns how many nanoseconds the caller must wait before using it. */
    synchronized long reserve() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - lastRefillNanos) * tokensPerNano);
        lastRefillNanos = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
    }

    /** Blocks the calling thread until its token is due. */
    public void acquire() {
        sleepNanos(reserve());
    }

    static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ARM rate budget", e);
        }
    }
}
