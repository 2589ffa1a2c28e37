package io.accelconn.sweep;

import java.time.Duration;
import java.time.Instant;

import io.accelconn.azure.AzureConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sweep's share of each subscription's ARM write budget, as a schedule its write lanes keep.
 * Every ARM write also pays the pipeline's bucket, which mirrors ARM's (burst 200, 10/s); a sweep
 * that drew on it alone would keep it empty and starve the event path, so the sweep writes at
 * {@code write-share} of the rate and leaves the burst alone.
 * <p>
 * The lanes of a page may run in different processes, so no in-process bucket could pace them:
 * the schedule does. Lane {@code l} of {@code n} starts at {@code l} slots after the page's start
 * and then writes no sooner than {@code n} slots after its previous write; with one lane per slot
 * phase, and only one page's lanes of a subscription at a time (the next page waits for them),
 * each lane writes at most {@code 1/n} of the rate: in any window the subscription sees at most the
 * rate's writes plus {@code n}, whichever lanes run late and wherever (ARM's burst is 200).
 */
@ApplicationScoped
class SweepPacer {

    private final double writesPerSecond;

    SweepPacer(SweepConfig sweep, AzureConfig azure) {
        double share = sweep.writeShare();
        if (!(share > 0) || share > 1) {
            throw new IllegalStateException("accelconn.sweep.write-share must be in (0, 1], was " + share);
        }
        if (sweep.writeLanes() < 1) {
            throw new IllegalStateException("accelconn.sweep.write-lanes must be at least 1, was " + sweep.writeLanes());
        }
        this.writesPerSecond = share * azure.throttle().writesPerSecond();
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

    /** Blocks until {@code at}. */
    static void waitUntil(Instant at) {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a write slot", e);
        }
    }
}
