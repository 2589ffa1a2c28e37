package io.accelconn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The write lanes' schedule with bounded catch-up ({@link SweepPacer#nextSlot}), on simulated
 * lanes whose writes take what a seeded draw gives them (some far longer than the spacing): the
 * bounds SweepPacer states hold for every draw, and a lane behind its slots makes up at most the
 * catch-up it is allowed.
 */
class SweepPacerTest {

    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    /** 24 lanes at 9.5 writes/s, the defaults: a slot of 105.3 ms, a lane spacing of 2.53 s. */
    static final int LANES = 24;
    static final Duration SLOT = Duration.ofNanos((long) Math.ceil(1e9 / 9.5));
    static final Duration SPACING = SLOT.multipliedBy(LANES);

    /** When a lane's writes start, each no sooner than its slot nor the end of the previous write. */
    static List<Instant> lane(int lane, List<Duration> writes, int catchUp) {
        List<Instant> starts = new ArrayList<>();
        Instant slot = START.plus(SLOT.multipliedBy(lane));
        Instant free = START;
        for (Duration w : writes) {
            Instant start = slot.isAfter(free) ? slot : free;
            starts.add(start);
            free = start.plus(w);
            slot = SweepPacer.nextSlot(slot, start, SPACING, catchUp);
        }
        return starts;
    }

    /** Writes of 50 ms to 2 s, one in eight of 3 to 12 s (a slow operation, or an invocation busy with its other lane). */
    static List<Duration> draw(Random random, int count) {
        List<Duration> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(Duration.ofMillis(random.nextInt(8) == 0 ? 3_000 + random.nextInt(9_000) : 50 + random.nextInt(1_950)));
        }
        return writes;
    }

    /** The most of {@code starts} (sorted) in any window of length {@code window}. */
    static int mostIn(List<Instant> starts, Duration window) {
        int most = 0;
        for (int i = 0, j = 0; i < starts.size(); i++) {
            while (!starts.get(i).isBefore(starts.get(j).plus(window))) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    @Test
    void aLaneNeverRunsAheadOfItsSlotsAndNeverStartsMoreThanItsBoundInAnyWindow() {
        for (int catchUp = 0; catchUp <= 3; catchUp++) {
            Random random = new Random(8 + catchUp);
            for (int lane = 0; lane < LANES; lane++) {
                List<Instant> starts = lane(lane, draw(random, 60), catchUp);
                Instant first = START.plus(SLOT.multipliedBy(lane));
                for (int k = 0; k < starts.size(); k++) {
                    assertTrue(!starts.get(k).isBefore(first.plus(SPACING.multipliedBy(k))),
                            "write " + k + " of lane " + lane + " ahead of its slot at catch-up " + catchUp);
                }
                // floor(T / spacing) + 1 + c writes in any window T, for every pair of writes.
                for (int i = 0; i < starts.size(); i++) {
                    for (int j = i; j < starts.size(); j++) {
                        long spans = Duration.between(starts.get(i), starts.get(j)).toNanos() / SPACING.toNanos();
                        assertTrue(j - i + 1 <= spans + 1 + catchUp, "lane " + lane + ", writes " + i + ".." + j + " at catch-up "
                                + catchUp + " within " + spans + " spacings");
                    }
                }
            }
        }
    }

    @Test
    void aSubscriptionsLanesStayWithinTheRatePlusLanesTimesOnePlusCatchUpInAnyWindow() {
        for (int catchUp = 0; catchUp <= 3; catchUp++) {
            Random random = new Random(80 + catchUp);
            List<Instant> all = new ArrayList<>();
            for (int lane = 0; lane < LANES; lane++) {
                all.addAll(lane(lane, draw(random, 42), catchUp));
            }
            all.sort(null);
            for (Duration window : List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(20))) {
                double bound = 9.5 * window.toNanos() / 1e9 + LANES * (1 + catchUp);
                int most = mostIn(all, window);
                assertTrue(most <= bound, most + " writes in " + window + " at catch-up " + catchUp + ", bound " + bound);
            }
        }
    }

    @Test
    void withoutCatchUpASlowWriteLosesItsOverrunForGoodWithCatchUpTheLaneMakesUpTheBoundedPart() {
        // One write of 4 spacings among writes of 100 ms: the lane is 3 spacings behind its slots after it.
        List<Duration> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(i == 5 ? SPACING.multipliedBy(4) : Duration.ofMillis(100));
        }
        Instant onSchedule = START.plus(SPACING.multipliedBy(writes.size() - 1));
        for (int catchUp = 0; catchUp <= 4; catchUp++) {
            List<Instant> starts = lane(0, writes, catchUp);
            Duration late = Duration.between(onSchedule, starts.get(starts.size() - 1));
            // Of the 3 spacings lost, the lane makes up at most c; the rest is forfeited.
            assertEquals(SPACING.multipliedBy(Math.max(0, 3 - catchUp)), late, "last write late at catch-up " + catchUp);
        }
    }

    @Test
    void nextSlotIsASpacingOnUnlessTheWriteStartedMoreThanTheCatchUpLate() {
        Instant slot = START;
        assertEquals(START.plus(SPACING), SweepPacer.nextSlot(slot, START, SPACING, 2));
        assertEquals(START.plus(SPACING), SweepPacer.nextSlot(slot, START.plus(SPACING.multipliedBy(2)), SPACING, 2));
        assertEquals(START.plus(SPACING.multipliedBy(2)), SweepPacer.nextSlot(slot, START.plus(SPACING.multipliedBy(3)), SPACING, 2));
        assertEquals(START.plus(SPACING.multipliedBy(4)), SweepPacer.nextSlot(slot, START.plus(SPACING.multipliedBy(3)), SPACING, 0));
    }
}
