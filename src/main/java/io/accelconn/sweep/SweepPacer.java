package io.accelconn.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.accelconn.azure.AzureConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sweep's share of each subscription's ARM write budget, as a schedule its write lanes keep.
 * Every ARM write also pays the pipeline's bucket, which mirrors ARM's (burst 200, 10/s); a sweep
 * that drew on it alone would keep it empty and starve the event path, so the sweep writes at
 * {@code write-share} of the rate and leaves the burst alone.
 * <p>
 * The lanes of a page may run in different processes, so no in-process bucket could pace them:
 * the schedule does. Lane {@code l} of {@code n} starts at {@code l} slots after the page's start;
 * its writes then have slots a lane spacing ({@code n} slots) apart, and each write starts no
 * sooner than its slot. A write that overran its spacing (a slow long-running operation, an
 * invocation busy with its other lane) leaves the lane behind its slots: it then writes without
 * waiting until it is back on them, but it is never more than {@code c = lane-catch-up} spacings
 * behind: a write that starts later than that forfeits the older slots ({@link #nextSlot}).
 * <p>
 * The bounds, with only one page's lanes of a subscription writing at a time (the next page waits
 * for them) and whichever lanes run late and wherever:
 * <ul>
 * <li>since the page's start, no lane has written more than its slots so far: the page never runs
 * ahead of the rate;</li>
 * <li>in any window of length {@code T}, one lane starts at most {@code floor(T / spacing) + 1 + c}
 * writes (its slot after a write started at {@code s} is at least {@code s - (c - 1) x spacing}),
 * so the subscription sees at most {@code rate x T + n x (1 + c)} of the sweep's writes: 72 at the
 * defaults (24 lanes, catch-up 2), against ARM's burst of 200; the event path keeps the rest of the
 * rate and at least 128 of the pipeline's burst of 200. With {@code c = 0} the bound is the rate plus
 * {@code n}, and a lane never makes up a lost slot.</li>
 * </ul>
 */
@ApplicationScoped
class SweepPacer {

    private final double writesPerSecond;
    private final int catchUp;

    SweepPacer(SweepConfig sweep, AzureConfig azure) {
        double share = sweep.writeShare();
        if (!(share > 0) || share > 1) {
            throw new IllegalStateException("accelconn.sweep.write-share must be in (0, 1], was " + share);
        }
        if (sweep.writeLanes() < 1) {
            throw new IllegalStateException("accelconn.sweep.write-lanes must be at least 1, was " + sweep.writeLanes());
        }
        if (sweep.laneCatchUp() < 0) {
            throw new IllegalStateException("accelconn.sweep.lane-catch-up must be at least 0, was " + sweep.laneCatchUp());
        }
        this.writesPerSecond = share * azure.throttle().writesPerSecond();
        this.catchUp = sweep.laneCatchUp();
    }

    double writesPerSecond() {
        return writesPerSecond;
    }

    /** The time between two write slots of the subscription. */
    Duration slot() {
        return Duration.ofNanos((long) Math.ceil(1e9 / writesPerSecond));
    }

    /** The first write slot of lane {@code lane} of a page whose writes start at {@code start}. */
    Instant firstWrite(Instant start, int lane) {
        return start.plus(slot().multipliedBy(lane));
    }

    /** The least time between two writes of one lane of a page with {@code lanes} lanes. */
    Duration laneSpacing(int lanes) {
        return slot().multipliedBy(Math.max(1, lanes));
    }

    /** A lane's next slot after its write for {@code slot} started at {@code writeStart}, at this sweep's catch-up. */
    Instant nextSlot(Instant slot, Instant writeStart, Duration spacing) {
        return nextSlot(slot, writeStart, spacing, catchUp);
    }

    /**
     * The slot after {@code slot}, a spacing later, unless the write for {@code slot} started more
     * than {@code catchUp} spacings after it: then a spacing after {@code writeStart - catchUp x spacing},
     * the older lost slots forfeited. A write never starts before its slot, so slots only move on.
     */
    static Instant nextSlot(Instant slot, Instant writeStart, Duration spacing, int catchUp) {
        Instant earliest = writeStart.minus(spacing.multipliedBy(catchUp));
        return (earliest.isAfter(slot) ? earliest : slot).plus(spacing);
    }

    /** Blocks until {@code at}. */
    static void waitUntil(Instant at) {
        long nanos = Duration.between(Instant.now(), at).toNanos();
        if (nanos <= 0) {
            return;
        }
        try {
            // Whole milliseconds would wake up to one early, before the slot; this sleep rounds up.
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a write slot", e);
        }
    }
}
