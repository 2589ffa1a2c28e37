package io.accelconn.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A run's live state, derived from its items' checkpoints whenever it is read. */
final class Progress {

    private Progress() {
    }

    /**
     * COMPLETED when every item is done; FAILED when every item ended and one failed, or when no
     * item moved for {@code staleAfter} (messages lost, or left in the poison queue unrecorded);
     * RESUMED while running after an item was cut off and picked up again; RUNNING otherwise.
     */
    static RunStatus status(List<Checkpoint> items, Instant now, Duration staleAfter) {
        boolean allFinished = true;
        boolean anyFailed = false;
        boolean resumed = false;
        Instant lastMove = null;
        for (Checkpoint cp : items) {
            allFinished &= cp.state.finished();
            anyFailed |= cp.state == ItemState.FAILED;
            resumed |= cp.resumes > 0;
            Instant moved = cp.updatedAt != null ? cp.updatedAt : cp.createdAt;
            if (moved != null && (lastMove == null || moved.isAfter(lastMove))) {
                lastMove = moved;
            }
        }
        if (allFinished) {
            return anyFailed ? RunStatus.FAILED : RunStatus.COMPLETED;
        }
        if (lastMove != null && lastMove.plus(staleAfter).isBefore(now)) {
            return RunStatus.FAILED;
        }
        return resumed ? RunStatus.RESUMED : RunStatus.RUNNING;
    }

    /** When the item should be done at the pace it has kept; null when it is done or has no pace yet. */
    static Instant eta(Checkpoint cp, Instant now) {
        if (cp.isLane()) {
            // A lane keeps a schedule: its ETA is where the schedule ends.
            return cp.state.finished() ? null : cp.writesUntil == null || cp.writesUntil.isBefore(now) ? now : cp.writesUntil;
        }
        if (cp.state.finished() || cp.totalNics < 0 || cp.tally.nics == 0 || cp.activeMillis == 0) {
            return null;
        }
        long left = Math.max(0, cp.totalNics - cp.tally.nics);
        double millisPerNic = cp.activeMillis / (double) cp.tally.nics;
        return now.plusMillis((long) Math.ceil(left * millisPerNic));
    }

    /** The latest item ETA (items run side by side); null while an unfinished item has none. */
    static Instant eta(List<Checkpoint> items, Instant now) {
        Instant latest = null;
        for (Checkpoint cp : items) {
            if (cp.state.finished()) {
                continue;
            }
            Instant e = eta(cp, now);
            if (e == null) {
                return null;
            }
            if (latest == null || e.isAfter(latest)) {
                latest = e;
            }
        }
        return latest;
    }
}
