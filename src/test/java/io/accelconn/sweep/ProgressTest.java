package io.accelconn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.junit.jupiter.api.Test;

/** A run's status and ETA from its items' checkpoints: pure, no storage. */
class ProgressTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final Duration STALE = Duration.ofHours(2);

    static Checkpoint item(ItemState state, int resumes, Instant updated) {
        Checkpoint cp = new Checkpoint("20261125090000000-00000000", "sub");
        cp.state = state;
        cp.resumes = resumes;
        cp.updatedAt = updated;
        return cp;
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "DONE,DONE,COMPLETED",
            "DONE,FAILED,FAILED",
            "DONE,RUNNING,RUNNING",
            "QUEUED,PAUSED,RUNNING",
            "FAILED,QUEUED,RUNNING",
    })
    void statusFollowsTheItems(ItemState a, ItemState b, RunStatus expected) {
        assertEquals(expected, Progress.status(List.of(item(a, 0, NOW), item(b, 0, NOW)), NOW, STALE));
    }

    @Test
    void aResumedItemMarksARunningRunResumedUntilItEnds() {
        assertEquals(RunStatus.RESUMED, Progress.status(List.of(item(ItemState.RUNNING, 1, NOW), item(ItemState.DONE, 0, NOW)),
                NOW, STALE));
        assertEquals(RunStatus.COMPLETED, Progress.status(List.of(item(ItemState.DONE, 1, NOW)), NOW, STALE));
    }

    @Test
    void aRunNothingMovedInForTooLongIsFailed() {
        Instant old = NOW.minus(STALE).minusSeconds(1);
        assertEquals(RunStatus.FAILED, Progress.status(List.of(item(ItemState.RUNNING, 0, old), item(ItemState.QUEUED, 0, old)),
                NOW, STALE));
        assertEquals(RunStatus.RUNNING, Progress.status(List.of(item(ItemState.RUNNING, 0, old), item(ItemState.DONE, 0, NOW)),
                NOW, STALE), "one item moved recently");
    }

    @Test
    void etaExtrapolatesEachItemsPaceAndTakesTheSlowest() {
        Checkpoint fast = item(ItemState.RUNNING, 0, NOW);
        fast.totalNics = 2000;
        fast.tally.nics = 1000;
        fast.activeMillis = 10_000;
        Checkpoint slow = item(ItemState.PAUSED, 0, NOW);
        slow.totalNics = 1000;
        slow.tally.nics = 100;
        slow.activeMillis = 10_000;
        assertEquals(NOW.plusSeconds(10), Progress.eta(fast, NOW));
        assertEquals(NOW.plusSeconds(90), Progress.eta(List.of(fast, slow, item(ItemState.DONE, 0, NOW)), NOW));
        assertNull(Progress.eta(List.of(fast, item(ItemState.QUEUED, 0, NOW)), NOW), "an item without a pace yet");
        assertNull(Progress.eta(item(ItemState.DONE, 0, NOW), NOW));
    }

    @Test
    void runIdsSortNewestFirstInTheRunsTable() {
        String older = RunIds.next(NOW);
        String newer = RunIds.next(NOW.plusMillis(1));
        assertEquals(-1, Integer.signum(RunIds.rowKey(newer).compareTo(RunIds.rowKey(older))));
        assertEquals(older, RunIds.require(older));
    }
}
