package io.accelconn.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Resource Graph's quota is counted per window: no 5-second window may hold more than 15 queries. */
class WindowLimitTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Duration WINDOW = Duration.ofSeconds(5);

    /** Grant times of {@code n} callers arriving at {@code arrivals(i)}. */
    private static List<Long> grants(WindowLimit limit, int n, java.util.function.IntToLongFunction arrivals) {
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long now = arrivals.applyAsLong(i);
            at.add(now + limit.reserve(now));
        }
        return at;
    }

    /** The most grants any half-open window of {@code windowNanos} holds. */
    private static int busiestWindow(List<Long> grants, long windowNanos) {
        int most = 0;
        for (long start : grants) {
            most = Math.max(most, (int) grants.stream().filter(g -> g >= start && g < start + windowNanos).count());
        }
        return most;
    }

    @Test
    void tenItemsStartingTogetherNeverGetMoreThanFifteenQueriesInAWindow() {
        long t0 = 1_000 * SECOND;
        // Ten work items start at once and each queries back to back: the burst that met a 429.
        List<Long> at = grants(new WindowLimit(15, WINDOW, t0), 60, i -> t0 + i * (SECOND / 100));
        assertEquals(15, busiestWindow(at, WINDOW.toNanos()));
        assertEquals(t0 + 14 * (SECOND / 100), at.get(14), "the first 15 go as they come");
        assertTrue(at.get(15) >= t0 + WINDOW.toNanos(), "the 16th waits for the window");
    }

    @Test
    void aBucketOfTheSameBurstAndRateLetsThroughMoreThanTheWindowAllows() {
        // What the inventory used before: burst 15, 3 per second. Same arrivals, measured the same way.
        long t0 = System.nanoTime();
        TokenBucket bucket = new TokenBucket(15, 3.0);
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            at.add(t0 + bucket.reserve());
        }
        assertTrue(busiestWindow(at, WINDOW.toNanos()) > 15, "the bucket refills inside the window it burst in");
    }

    @Test
    void steadyCallersGetTheWindowsRate() {
        long t0 = 50 * SECOND;
        List<Long> at = grants(new WindowLimit(15, WINDOW, t0), 150, i -> t0);
        // 150 queries: 15 per window, ten windows, the last starting after nine.
        assertEquals(t0 + 9 * WINDOW.toNanos(), at.get(149));
        assertEquals(15, busiestWindow(at, WINDOW.toNanos()));
    }

    @Test
    void aCallerAfterAQuietSpellGoesAtOnce() {
        long t0 = 7 * SECOND;
        WindowLimit limit = new WindowLimit(15, WINDOW, t0);
        for (int i = 0; i < 15; i++) {
            limit.reserve(t0);
        }
        assertEquals(0, limit.reserve(t0 + WINDOW.toNanos()));
    }

    @Test
    void refusesANonsenseLimit() {
        assertThrows(IllegalArgumentException.class, () -> new WindowLimit(0, WINDOW));
        assertThrows(IllegalArgumentException.class, () -> new WindowLimit(15, Duration.ZERO));
    }
}
