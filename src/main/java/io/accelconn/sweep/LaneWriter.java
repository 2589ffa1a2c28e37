package io.accelconn.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import io.accelconn.logging.LogContext;
import io.accelconn.sweep.SweepWorker.Outcome;
import io.accelconn.sweep.SweepWorker.Result;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One lane: its NICs still PENDING, one at a time, each write no sooner than its slot; slots are
 * the lane's spacing apart, and a lane behind them catches up within a bound ({@link SweepPacer}).
 * Its counts are what its rows say at the end, so a redelivered lane counts each NIC once.
 * <p>
 * Work-stealing: a lane of the same page whose delivery is late (still QUEUED two lane spacings
 * after its first slot: the host had no room for it yet) is taken over, lease and schedule
 * slot with it, and written beside this one; when its own message comes it finds the lane held
 * or done. One invocation writes one NIC at a time, so it holds at most {@link #MAX_HELD}
 * lanes with NICs left; a lane whose NICs are written looks for a late lane to take before it ends.
 * <p>
 * {@link SweepWorker} deals a page's NICs out to lanes and hands each lane item it is delivered to
 * this class; a lane that runs out of time is handed off (checkpointed, its next segment queued) the
 * way the worker hands off its other items.
 */
final class LaneWriter {

    // Under SweepWorker's category, where these lines were logged before the lanes had a class of their own.
    private static final Logger LOG = Logger.getLogger(SweepWorker.class);

    private final SweepStore store;
    private final SweepConfig config;
    private final Remediator remediator;
    private final SweepPacer pacer;
    private final SweepRuns runs;
    private final MeterRegistry meters;
    /** How far behind its slots a lane writes: up to the catch-up it makes up, beyond it slots are forfeited. */
    private final Timer lag;
    /** SweepWorker's hand-off: checkpoint PAUSED and queue the next segment after the delay. */
    private final BiConsumer<Checkpoint, Duration> handOff;

    LaneWriter(SweepStore store, SweepConfig config, Remediator remediator, SweepPacer pacer, SweepRuns runs,
            MeterRegistry meters, BiConsumer<Checkpoint, Duration> handOff) {
        this.store = store;
        this.config = config;
        this.remediator = remediator;
        this.pacer = pacer;
        this.runs = runs;
        this.meters = meters;
        this.lag = Timer.builder("accelconn.sweep.lanes.lag").description("How late a lane's write starts after its slot")
                .publishPercentileHistogram().register(meters);
        this.handOff = handOff;
    }

    /** Writes the delivered lane {@code own}, and the late lanes it takes over, until they are written or its time is used. */
    Outcome lane(SweepRun run, Checkpoint own) {
        long start = System.nanoTime();
        long budget = config.itemTimeBudget().toNanos();
        List<HeldLane> held = new ArrayList<>();
        held.add(new HeldLane(own, store.laneRows(run.runId(), own.subscriptionId, own.page, own.lane),
                pacer, own.writesFrom == null ? Instant.now() : own.writesFrom, false));
        LateLanes late = new LateLanes(pacer.laneSpacing(own.lanes));
        try {
            while (true) {
                for (HeldLane done : held) {
                    if (!done.cp.state.finished() && done.pending() < 0) {
                        finishLane(run, done);
                    }
                }
                HeldLane h = nextToWrite(held);
                if (h == null) {
                    // Everything held is written: take a late lane of the page, if there is one, before ending.
                    if (adoptLate(run, own, held, late, true)) {
                        continue;
                    }
                    break;
                }
                long waitNanos = Math.max(0, Duration.between(Instant.now(), h.next).toNanos());
                if (written(held) > 0 && System.nanoTime() - start + waitNanos + 2 * h.spacing.toNanos() > budget) {
                    return pauseLanes(run, held);
                }
                if (withRowsLeft(held) < MAX_HELD && late.due() && adoptLate(run, own, held, late, false)) {
                    continue; // the adopted lane's slot may come first
                }
                SweepPacer.waitUntil(h.next);
                Instant writeStart = Instant.now();
                // A start a hair before its slot (the sleep and Instant keep different clocks) is on time.
                Duration behind = Duration.between(h.next, writeStart);
                lag.record(behind.isNegative() ? Duration.ZERO : behind);
                int i = h.pending();
                h.decided(i, remediateOne(run, h.rows.get(i)), writeStart);
                if (h.rowsDue(ROWS_SAVED_EVERY)) {
                    saveRows(run, h);
                }
            }
        } catch (RuntimeException failure) {
            saveRowsAfter(run, held, failure);
            releaseAdopted(run, held, failure);
            throw failure;
        }
        String adopted = held.stream().filter(h -> h.adopted).map(h -> Integer.toString(h.cp.lane))
                .collect(java.util.stream.Collectors.joining(", "));
        return new Outcome(Result.DONE, run.runId(), own.subscriptionId, 0, written(held),
                "lane " + own.lane + " of page " + own.page + ": " + written(held) + " NICs sent to the write path"
                        + (adopted.isEmpty() ? "" : " (with late lanes " + adopted + " taken over)"));
    }

    /**
     * How long a decided NIC's report row may wait to be saved with the lane's next ones, in one
     * transaction: a Table operation per NIC was a quarter of the sweep's storage work. A lane
     * also saves them before it ends or hands off; were it cut off first, its redelivery finds
     * those NICs' decisions recorded (a duplicate answers the recorded one) and saves their rows.
     */
    static final Duration ROWS_SAVED_EVERY = Duration.ofSeconds(15);

    /** One invocation writes one NIC at a time: two lanes at {@code 1/n} each leave a NIC {@code n/2} slots (1.26 s at 24 lanes, 9.5/s). */
    static final int MAX_HELD = 2;

    /** The held lane with NICs left whose slot comes first; null when every held lane is written. */
    private static HeldLane nextToWrite(List<HeldLane> held) {
        HeldLane first = null;
        for (HeldLane h : held) {
            if (!h.cp.state.finished() && h.pending() >= 0 && (first == null || h.next.isBefore(first.next))) {
                first = h;
            }
        }
        return first;
    }

    private static int withRowsLeft(List<HeldLane> held) {
        return (int) held.stream().filter(h -> !h.cp.state.finished() && h.pending() >= 0).count();
    }

    private static int written(List<HeldLane> held) {
        return held.stream().mapToInt(h -> h.written).sum();
    }

    /**
     * When to look at the page's lanes for late ones: at most once a lane spacing, and no more once
     * none was QUEUED (lanes only leave that state).
     */
    private static final class LateLanes {
        private final Duration every;
        private Instant lastLook;
        private boolean anyQueued = true;

        LateLanes(Duration every) {
            this.every = every;
        }

        boolean due() {
            return anyQueued && (lastLook == null || !Instant.now().isBefore(lastLook.plus(every)));
        }
    }

    /**
     * Takes over a lane of this page that was never delivered and is late: still QUEUED two lane
     * spacings after its first slot ({@code finishing}: this invocation has nothing left to write,
     * so any QUEUED lane whose first slot has come). Its lease is taken as a delivery takes it,
     * ETag-conditional, so a delivery arriving at the same time and this invocation cannot both
     * hold it; its writes keep its own schedule from its first slot, so the late start is made up
     * within the catch-up bound like any lane behind its slots ({@link SweepPacer#nextSlot}).
     */
    private boolean adoptLate(SweepRun run, Checkpoint own, List<HeldLane> held, LateLanes late, boolean finishing) {
        if (!late.anyQueued) {
            return false;
        }
        Instant now = Instant.now();
        late.lastLook = now;
        List<Checkpoint> queued = store.lanes(run.runId(), own.subscriptionId, own.page, EnumSet.of(ItemState.QUEUED))
                .stream().filter(cp -> cp.attempts == 0).toList();
        late.anyQueued = !queued.isEmpty();
        // Two lane spacings: a delivery the host has already started (on a busy instance) is not taken for a late one.
        Duration grace = finishing ? Duration.ZERO : late.every.multipliedBy(2);
        List<Checkpoint> overdue = queued.stream()
                .filter(cp -> cp.writesFrom == null || !cp.writesFrom.plus(grace).isAfter(now))
                .sorted(java.util.Comparator.comparing((Checkpoint cp) -> cp.writesFrom == null ? now : cp.writesFrom))
                .toList();
        for (Checkpoint cp : overdue) {
            Duration spacing = pacer.laneSpacing(cp.lanes);
            cp.state = ItemState.RUNNING;
            cp.leaseOwner = own.leaseOwner;
            cp.leaseUntil = now.plus(config.itemLease());
            cp.attempts++;
            cp.startedAt = now;
            cp.updatedAt = now;
            // Its ETA from now at its pace: a delivery that finds it held waits about that long.
            cp.writesUntil = now.plus(spacing.multipliedBy(Math.max(0, cp.totalNics - 1)));
            try {
                store.save(cp);
            } catch (SweepStore.LeaseLost delivered) {
                continue; // its own delivery came first
            }
            held.add(new HeldLane(cp, store.laneRows(run.runId(), cp.subscriptionId, cp.page, cp.lane), pacer,
                    cp.writesFrom == null ? now : cp.writesFrom, true));
            meters.counter("accelconn.sweep.lanes.adopted").increment();
            LOG.infof("sweep %s: lane %d of page %d of %s was not delivered by its first slot %s: lane %d takes it over",
                    run.runId(), cp.lane, cp.page, cp.subscriptionId, cp.writesFrom, own.lane);
            return true;
        }
        return false;
    }

    /** A held lane whose NICs are all decided: DONE with its counts, each NIC once. */
    private void finishLane(SweepRun run, HeldLane h) {
        saveRows(run, h);
        Checkpoint cp = h.cp;
        cp.tally = h.tally();
        h.armRequests = 0;
        cp.state = ItemState.DONE;
        cp.finishedAt = Instant.now();
        cp.updatedAt = cp.finishedAt;
        cp.activeMillis += Duration.ofNanos(System.nanoTime() - h.heldSince).toMillis();
        cp.leaseOwner = null;
        cp.leaseUntil = null;
        try {
            store.save(cp);
        } catch (SweepStore.LeaseLost lost) {
            if (!h.adopted) {
                throw lost;
            }
            // Its lease ran out and a delivery took it: that delivery counts its NICs.
            LOG.warnf("sweep %s: lane %d of page %d was taken over by a delivery; leaving it to that one", run.runId(), cp.lane,
                    cp.page);
            return;
        }
        runs.finishIfDone(run.runId());
    }

    /** Out of time: each held lane with NICs left checkpoints its next slot and queues the rest as its next segment. */
    private Outcome pauseLanes(SweepRun run, List<HeldLane> held) {
        HeldLane own = held.get(0);
        for (HeldLane h : held) {
            if (h.cp.state.finished() || h.pending() < 0) {
                continue;
            }
            saveRows(run, h);
            h.cp.tally.armRequests += h.armRequests;
            h.armRequests = 0;
            h.cp.continuations++;
            h.cp.writesFrom = h.next;
            handOff.accept(h.cp, Duration.ZERO);
        }
        String message = "time budget " + config.itemTimeBudget() + " used after " + written(held) + " NICs of lane "
                + own.cp.lane + " of page " + own.cp.page + "; continuing in segment " + own.cp.segment;
        LOG.infof("sweep %s: %s: %s", run.runId(), own.cp.subscriptionId, message);
        return new Outcome(Result.CONTINUED, run.runId(), own.cp.subscriptionId, 0, written(held), message);
    }

    /**
     * The delivery failed: the lanes it took over are let go at once (still RUNNING, so whichever
     * delivery of theirs comes next resumes them as cut off); the delivered lane is the caller's.
     */
    private void releaseAdopted(SweepRun run, List<HeldLane> held, RuntimeException failure) {
        for (HeldLane h : held) {
            if (!h.adopted || h.cp.state.finished()) {
                continue;
            }
            try {
                h.cp.tally.armRequests += h.armRequests;
                h.cp.lastError = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                h.cp.updatedAt = Instant.now();
                h.cp.leaseUntil = h.cp.updatedAt;
                store.save(h.cp);
            } catch (RuntimeException alsoFailed) {
                LOG.debugf(alsoFailed, "sweep %s: could not let go of lane %d of page %d", run.runId(), h.cp.lane, h.cp.page);
            }
        }
    }

    private Remediator.Outcome remediateOne(SweepRun run, SweepStore.StoredRow r) {
        String nicId = r.row().nicId();
        try (LogContext log = LogContext.run(run.runId()).put(LogContext.NIC_ID, nicId)) {
            Remediator.Outcome o = remediator.remediate(run.runId(), nicId, run.mode());
            meters.counter("accelconn.sweep.remediations", "action", o.action().name()).increment();
            return o;
        }
    }

    /** The held lane's rows decided since they were last saved, in one transaction (a lane's rows share its page's partition). */
    private void saveRows(SweepRun run, HeldLane h) {
        List<SweepStore.StoredRow> rows = h.takeUnsaved();
        if (!rows.isEmpty()) {
            store.putRows(run.runId(), h.cp.subscriptionId, h.cp.page, rows);
        }
    }

    /** The delivery failed: what its lanes decided is saved if storage lets it; if not, the redelivery saves it. */
    private void saveRowsAfter(SweepRun run, List<HeldLane> held, RuntimeException failure) {
        for (HeldLane h : held) {
            try {
                saveRows(run, h);
            } catch (RuntimeException alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
        }
    }
}
