package io.accelconn.azure;

import java.time.Duration;

/**
 * At most {@code permits} grants in any {@code window}, as a quota counted per window (Resource
 * Graph's 15 queries per 5 s) demands. A token bucket with that burst would not do: after its
 * burst it refills while the window is still open, and lets through up to twice the quota.
 * Like {@link TokenBucket} it hands out reservations: callers queue in arrival order and are told
 * how long to wait.
 */
final class WindowLimit {

    private final long windowNanos;
    /** When each of the last {@code permits} grants falls due, oldest at {@code next}. */
    private final long[] grants;
    private int next;

    WindowLimit(int permits, Duration window, long nowNanos) {
        if (permits < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a window limit needs at least one permit and a positive window");
        }
        this.windowNanos = window.toNanos();
        this.grants = new long[permits];
        java.util.Arrays.fill(grants, nowNanos - windowNanos);
    }

    WindowLimit(int permits, Duration window) {
        this(permits, window, System.nanoTime());
    }

    /** Takes a grant and returns how many nanoseconds the caller must wait before using it. */
    long reserve() {
        return reserve(System.nanoTime());
    }

    /** {@link #reserve()} at {@code nowNanos}: a grant no sooner than a window after the grant {@code permits} before it. */
    synchronized long reserve(long nowNanos) {
        long at = Math.max(nowNanos, grants[next] + windowNanos);
        grants[next] = at;
        next = (next + 1) % grants.length;
        return at - nowNanos;
    }
}
