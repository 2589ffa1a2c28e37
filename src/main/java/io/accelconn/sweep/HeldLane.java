package io.accelconn.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A write lane one {@code sweep-worker} invocation holds the lease of: the lane it was delivered,
 * or one it took over because that lane's delivery was late. It keeps its own schedule (its first
 * slot, then its page's lane spacing, a bounded catch-up on slots a slow write lost: {@link SweepPacer}),
 * so whoever holds it, the lane writes at most {@code 1/n} of the sweep's rate.
 */
final class HeldLane {

    final Checkpoint cp;
    final List<SweepStore.StoredRow> rows;
    final Duration spacing;
    private final SweepPacer pacer;
    final boolean adopted;
    final long heldSince = System.nanoTime();
    /** The lane's next write slot. */
    Instant next;
    long armRequests;
    int written;
    private int cursor;
    /** Rows decided since the lane's rows were last saved, and when the first of them was. */
    private final List<Integer> unsaved = new ArrayList<>();
    private long unsavedSince;

    HeldLane(Checkpoint cp, List<SweepStore.StoredRow> rows, SweepPacer pacer, Instant next, boolean adopted) {
        this.cp = cp;
        this.rows = new ArrayList<>(rows);
        this.pacer = pacer;
        this.spacing = pacer.laneSpacing(cp.lanes);
        this.next = next;
        this.adopted = adopted;
    }

    /** The index of the next row still PENDING, -1 when none is left. */
    int pending() {
        while (cursor < rows.size() && rows.get(cursor).row().action() != SweepAction.PENDING) {
            cursor++;
        }
        return cursor < rows.size() ? cursor : -1;
    }

    /** Records what became of row {@code i}, written at {@code writeStart} for the slot {@link #next}: the lane's next slot follows. */
    void decided(int i, Remediator.Outcome o, Instant writeStart) {
        SweepStore.StoredRow r = rows.get(i);
        rows.set(i, new SweepStore.StoredRow(r.row().withAction(o.action(), o.reasons()), r.lane()));
        if (o.action() != SweepAction.PENDING) {
            if (unsaved.isEmpty()) {
                unsavedSince = System.nanoTime();
            }
            unsaved.add(i);
        }
        armRequests += o.armReads() + o.armWrites();
        written++;
        next = pacer.nextSlot(next, writeStart, spacing);
        cursor = i + 1;
    }

    /** Whether the first row decided since the last save waited {@code every} or more. */
    boolean rowsDue(Duration every) {
        return !unsaved.isEmpty() && System.nanoTime() - unsavedSince >= every.toNanos();
    }

    /** The rows decided since the last save, handed out once: the caller saves them. */
    List<SweepStore.StoredRow> takeUnsaved() {
        List<SweepStore.StoredRow> out = unsaved.stream().map(rows::get).toList();
        unsaved.clear();
        return out;
    }

    /** The lane's counts: what its rows say now, each NIC once. */
    Tally tally() {
        Tally tally = new Tally();
        rows.forEach(r -> tally.act(r.row().action()));
        tally.armRequests = cp.tally.armRequests + armRequests;
        return tally;
    }
}
