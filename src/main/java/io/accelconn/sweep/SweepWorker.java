package io.accelconn.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.accelconn.azure.FleetInventory;
import io.accelconn.azure.FleetNic;
import io.accelconn.azure.InventoryCursor;
import io.accelconn.azure.InventoryPage;
import io.accelconn.catalog.LiveSizeCatalog;
import io.accelconn.logging.LogContext;
import io.accelconn.enforcement.EnforceConfig;
import io.accelconn.policy.Assessment;
import io.accelconn.policy.ComplianceClass;
import io.accelconn.policy.Remedy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes one work item as the queue delivers it. A subscription's item walks the subscription's
 * inventory a page at a time from the item's checkpoint, classifies each NIC, records every NIC
 * that is not compliant, and checkpoints after every page. The NICs a page chooses for
 * remediation are dealt out to write lanes, each a work item of its own that the host runs beside
 * the others (on any instance): concurrency comes from the queue, not from threads here. Lanes
 * write one NIC at a time on the schedule of {@link SweepPacer}; the subscription's next page
 * waits until its page's lanes have ended, so one page's lanes at a time write to a subscription.
 * <p>
 * Idempotent: a redelivered item continues from its checkpoint, the first page after a cut-off is
 * checked against the report rows already written (with the lane each PENDING row was given), a
 * lane takes its rows that are still PENDING, and the per-(run, NIC) claims keep any NIC from being
 * written twice. An item that runs out of its time budget checkpoints (at a page boundary, or a
 * lane between two NICs) and enqueues its continuation.
 * <p>
 * The lanes themselves (one lane's NICs at their slots, work-stealing of late lanes) live in
 * {@link LaneWriter}; this class deals a page's NICs out to lanes and dispatches each lane item to it.
 */
@ApplicationScoped
public class SweepWorker {

    private static final Logger LOG = Logger.getLogger(SweepWorker.class);

    /** How a delivery ended. */
    public enum Result {
        /** The subscription is swept. */
        DONE,
        /** The time budget ran out; a continuation item is queued. */
        CONTINUED,
        /** Nothing to do: the item is finished, superseded, or its run unknown. */
        SKIPPED,
        /** Another delivery holds the item; a delayed copy is queued in case it dies. */
        DEFERRED
    }

    /** The ReturnValue of a {@code sweep-worker} invocation. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Outcome(Result result, String runId, String subscriptionId, int pages, long nics, String message) {
    }

    private final SweepStore store;
    private final SweepQueue queue;
    private final SweepConfig config;
    private final EnforceConfig enforce;
    private final FleetInventory inventory;
    private final NicClassifier classifier;
    private final Remediator remediator;
    private final SweepPacer pacer;
    private final SweepRuns runs;
    private final LiveSizeCatalog liveSizes;
    private final MeterRegistry meters;
    private final Timer pageTimer;
    private final LaneWriter lanes;

    SweepWorker(SweepStore store, SweepQueue queue, SweepConfig config, EnforceConfig enforce, FleetInventory inventory,
            NicClassifier classifier, Remediator remediator, SweepPacer pacer, SweepRuns runs, LiveSizeCatalog liveSizes,
            MeterRegistry meters) {
        this.store = store;
        this.queue = queue;
        this.config = config;
        this.enforce = enforce;
        this.inventory = inventory;
        this.classifier = classifier;
        this.remediator = remediator;
        this.pacer = pacer;
        this.runs = runs;
        this.liveSizes = liveSizes;
        this.meters = meters;
        this.pageTimer = Timer.builder("accelconn.sweep.page.duration")
                .description("One inventory page: read, classify, record, remediate, checkpoint")
                .publishPercentileHistogram().register(meters);
        this.lanes = new LaneWriter(store, config, remediator, pacer, runs, meters, this::handOff);
    }

    /**
     * @param dequeueCount the host's delivery count of this message (1 the first time)
     * @throws RuntimeException when the item failed; the caller answers non-2xx so the host delivers it again
     */
    public Outcome process(WorkItem item, int dequeueCount) {
        String runId = RunIds.require(item.runId());
        String sub = item.subscriptionId().toLowerCase(Locale.ROOT);
        if (item.isLane() && (item.page() < 0 || item.lane() < 0)) {
            return new Outcome(Result.SKIPPED, runId, sub, 0, 0, "not a lane: page and lane must not be negative");
        }
        String rowKey = item.isLane() ? Checkpoint.laneKey(sub, item.page(), item.lane()) : sub;
        try (LogContext log = LogContext.run(runId)) {
            Outcome outcome = processOwned(item, runId, sub, rowKey, dequeueCount);
            meters.counter("accelconn.sweep.items", "result", outcome.result().name()).increment();
            return outcome;
        }
    }

    private Outcome processOwned(WorkItem item, String runId, String sub, String rowKey, int dequeueCount) {
        Optional<SweepRun> run = store.run(runId);
        Optional<Checkpoint> found = store.item(runId, rowKey);
        if (run.isEmpty() || found.isEmpty()) {
            return new Outcome(Result.SKIPPED, runId, sub, 0, 0, "no such run or item: nothing to do");
        }
        Checkpoint cp = found.get();
        if (cp.state.finished()) {
            return new Outcome(Result.SKIPPED, runId, sub, 0, 0, "item already " + cp.state);
        }
        if (item.segment() < cp.segment) {
            return new Outcome(Result.SKIPPED, runId, sub, 0, 0, "segment " + item.segment() + " was superseded by " + cp.segment);
        }
        Instant now = Instant.now();
        if (cp.state == ItemState.RUNNING && cp.leaseUntil != null && cp.leaseUntil.isAfter(now)) {
            return deferTo(item, cp, now);
        }
        if (cp.state == ItemState.PAUSED && cp.awaitPage >= 0) {
            Optional<Outcome> waiting = awaitingLanes(item, cp, now);
            if (waiting.isPresent()) {
                return waiting.get();
            }
            cp.awaitPage = -1;
        }
        boolean cutOff = cp.cutOff();
        String owner = UUID.randomUUID().toString();
        cp.state = ItemState.RUNNING;
        cp.leaseOwner = owner;
        cp.leaseUntil = now.plus(config.itemLease());
        cp.attempts++;
        if (cutOff) {
            cp.resumes++;
        }
        if (cp.startedAt == null) {
            cp.startedAt = now;
        }
        cp.updatedAt = now;
        try {
            store.save(cp);
        } catch (SweepStore.LeaseLost raced) {
            return deferTo(item, store.item(runId, rowKey).orElse(cp), now);
        }
        try {
            return cp.isLane() ? lanes.lane(run.get(), cp) : sweep(run.get(), cp, cutOff);
        } catch (SweepStore.LeaseLost lost) {
            LOG.warnf("sweep %s: %s was taken over by another delivery; leaving it to that one", runId, rowKey);
            return new Outcome(Result.SKIPPED, runId, sub, 0, 0, lost.getMessage());
        } catch (RuntimeException failure) {
            recordFailure(run.get(), runId, rowKey, owner, failure, dequeueCount);
            throw failure;
        }
    }

    private Outcome sweep(SweepRun run, Checkpoint cp, boolean cutOff) {
        long segmentStart = System.nanoTime();
        long budget = config.itemTimeBudget().toNanos();
        if (cp.attempts == 1 && cp.segment == 0) {
            int settled = remediator.finishOpenRestarts(List.of(cp.subscriptionId));
            if (settled > 0) {
                LOG.infof("sweep %s: finished %d open restart journal entries in %s", run.runId(), settled, cp.subscriptionId);
            }
        }
        InventoryCursor cursor = inventory.cursor(cp.subscriptionId, cp.position);
        Set<String> sizesChecked = new HashSet<>();
        boolean suspect = cutOff;
        int pages = 0;
        long nics = 0;
        long slowestPage = 0;
        while (true) {
            long elapsed = System.nanoTime() - segmentStart;
            if (pages > 0 && elapsed + slowestPage > budget) {
                return pause(run, cp, pages, nics, elapsed);
            }
            long pageStart = System.nanoTime();
            InventoryPage page = cursor.next();
            if (page == null) {
                break;
            }
            int pageIndex = cp.pages;
            PageResult result = page(run, cp, page, suspect, sizesChecked);
            Tally tally = result.tally();
            suspect = false;
            pages++;
            nics += page.nics().size();
            cp.tally.add(tally);
            cp.pages++;
            if (page.totalRecords() >= 0 && cp.totalNics < 0) {
                cp.totalNics = page.totalRecords();
            }
            cp.position = page.next() == null ? cp.position : page.next();
            long took = System.nanoTime() - pageStart;
            slowestPage = Math.max(slowestPage, took);
            pageTimer.record(Duration.ofNanos(took));
            cp.activeMillis += Duration.ofNanos(took).toMillis();
            cp.updatedAt = Instant.now();
            cp.leaseUntil = cp.updatedAt.plus(config.itemLease());
            if (page.next() == null) {
                break;
            }
            if (result.writesUntil() != null) {
                return awaitLanes(run, cp, pageIndex, pages, nics, result.writesUntil());
            }
            store.save(cp);
        }
        cp.state = ItemState.DONE;
        cp.finishedAt = Instant.now();
        cp.updatedAt = cp.finishedAt;
        cp.leaseOwner = null;
        cp.leaseUntil = null;
        if (cp.totalNics < 0) {
            cp.totalNics = cp.tally.nics;
        }
        store.save(cp);
        runs.finishIfDone(run.runId());
        return new Outcome(Result.DONE, run.runId(), cp.subscriptionId, pages, nics,
                "swept " + cp.tally.nics + " NICs of " + cp.subscriptionId + " in " + cp.pages + " pages");
    }

    /** Checkpoints at a page boundary and queues the rest as the next segment. */
    private Outcome pause(SweepRun run, Checkpoint cp, int pages, long nics, long elapsedNanos) {
        cp.continuations++;
        handOff(cp, Duration.ZERO);
        Instant eta = Progress.eta(cp, Instant.now());
        String message = "time budget " + config.itemTimeBudget() + " used after " + pages + " pages ("
                + Duration.ofNanos(elapsedNanos).toSeconds() + " s); continuing in segment " + cp.segment
                + (eta == null ? "" : ", ETA " + eta);
        LOG.infof("sweep %s: %s: %s", run.runId(), cp.subscriptionId, message);
        return new Outcome(Result.CONTINUED, run.runId(), cp.subscriptionId, pages, nics, message);
    }

    /**
     * The page's writes went to its lanes: checkpoint, and queue the next page for when they
     * should have ended, so that one page's lanes at a time write to the subscription.
     */
    private Outcome awaitLanes(SweepRun run, Checkpoint cp, int pageIndex, int pages, long nics, Instant writesUntil) {
        cp.awaitPage = pageIndex;
        handOff(cp, Duration.between(Instant.now(), writesUntil));
        String message = "page " + pageIndex + "'s writes are in its lanes until about " + writesUntil
                + "; the next page follows them in segment " + cp.segment;
        return new Outcome(Result.CONTINUED, run.runId(), cp.subscriptionId, pages, nics, message);
    }

    /** Checkpoints the item PAUSED, free for anyone, and queues its next segment to show up after {@code delay}. */
    private void handOff(Checkpoint cp, Duration delay) {
        cp.state = ItemState.PAUSED;
        cp.segment++;
        cp.leaseOwner = null;
        cp.leaseUntil = null;
        cp.updatedAt = Instant.now();
        store.save(cp);
        queue.enqueue(cp.isLane() ? new WorkItem(cp.runId, cp.subscriptionId, cp.segment, cp.page, cp.lane)
                : new WorkItem(cp.runId, cp.subscriptionId, cp.segment), delay);
    }

    /** A subscription's next page waits while a lane of its previous page has not ended: a delayed copy is queued. */
    private Optional<Outcome> awaitingLanes(WorkItem item, Checkpoint cp, Instant now) {
        Instant latest = null;
        for (Checkpoint lane : store.lanes(cp.runId, cp.subscriptionId, cp.awaitPage, ItemState.UNFINISHED)) {
            Instant until = lane.writesUntil == null ? now : lane.writesUntil;
            latest = latest == null || until.isAfter(latest) ? until : latest;
        }
        if (latest == null) {
            return Optional.empty();
        }
        Duration wait = lookAgain(Duration.between(now, latest));
        queue.enqueue(new WorkItem(item.runId(), item.subscriptionId(), cp.segment), wait);
        return Optional.of(new Outcome(Result.DEFERRED, item.runId(), item.subscriptionId(), 0, 0,
                "the lanes of page " + cp.awaitPage + " are still writing; a copy waits " + wait));
    }

    /** How long a copy waits for a lane whose holder is past the lane's ETA: each copy is an invocation and a few Table reads. */
    private static final Duration LATE_HOLDER = Duration.ofSeconds(10);

    /** When a copy waiting for lanes should look again: {@code until}, within 1 to 30 s. */
    private static Duration lookAgain(Duration until) {
        return until.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : until.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : until;
    }

    /** A live lease elsewhere: queue a copy that shows up when the lease ends, in case its holder died. */
    private Outcome deferTo(WorkItem item, Checkpoint cp, Instant now) {
        Duration wait = cp.leaseUntil == null ? Duration.ZERO : Duration.between(now, cp.leaseUntil).plusSeconds(1);
        if (cp.isLane() && cp.writesUntil != null) {
            // A lane's holder (its delivery, or a lane that took it over) should be done by its ETA:
            // look again then rather than only when the lease ends, so its message is gone soon after;
            // a holder past its ETA is still writing, so not sooner than LATE_HOLDER.
            Duration untilEta = Duration.between(now, cp.writesUntil).plusSeconds(1);
            Duration eta = lookAgain(untilEta.compareTo(LATE_HOLDER) < 0 ? LATE_HOLDER : untilEta);
            wait = eta.compareTo(wait) < 0 ? eta : wait;
        }
        queue.enqueue(new WorkItem(item.runId(), item.subscriptionId(), cp.segment, item.page(), item.lane()), wait);
        return new Outcome(Result.DEFERRED, item.runId(), item.subscriptionId(), 0, 0,
                "another delivery holds the item until " + cp.leaseUntil + "; a copy looks again in " + wait);
    }

    private void recordFailure(SweepRun run, String runId, String rowKey, String owner, RuntimeException failure,
            int dequeueCount) {
        boolean last = dequeueCount >= config.maxDequeueCount();
        LOG.warnf(failure, "sweep %s: item %s failed on delivery %d of %d%s", runId, rowKey, dequeueCount,
                config.maxDequeueCount(), last ? "; recording it FAILED before the host moves it to the poison queue" : "");
        try {
            Checkpoint cp = store.item(runId, rowKey).orElse(null);
            if (cp == null || !owner.equals(cp.leaseOwner)) {
                return;
            }
            cp.lastError = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            cp.updatedAt = Instant.now();
            // Let the redelivery in at once instead of after the lease.
            cp.leaseUntil = cp.updatedAt;
            if (last) {
                cp.state = ItemState.FAILED;
                cp.finishedAt = cp.updatedAt;
            }
            store.save(cp);
            if (last) {
                runs.finishIfDone(run.runId());
            }
        } catch (RuntimeException alsoFailed) {
            LOG.debugf(alsoFailed, "sweep %s: could not record the failure of %s", runId, rowKey);
        }
    }

    /** What a page left: its counts, and when its lanes' writes should end (null when it chose none). */
    private record PageResult(Tally tally, Instant writesUntil) {
    }

    /**
     * One page: classify, record, and deal the NICs to remediate out to write lanes. The rows,
     * each PENDING one with its lane, are written before any lane exists, so a lane finds them.
     */
    private PageResult page(SweepRun run, Checkpoint cp, InventoryPage page, boolean suspect, Set<String> sizesChecked) {
        RowPlace place = new RowPlace(run.runId(), cp.subscriptionId, cp.pages);
        Tally tally = new Tally();
        tally.inventoryRequests += page.requests();
        tally.armRequests += page.requests();
        List<NicRow> rows = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (FleetNic nic : page.nics()) {
            if (suspect) {
                Optional<SweepStore.StoredRow> seen = store.row(place.runId(), place.subscriptionId(), place.page(), nic.nic().id());
                if (seen.isPresent()) {
                    // Counted by what the cut-off attempt saw: the NIC may have been written since.
                    NicRow row = seen.get().row();
                    tally.classify(ComplianceClass.valueOf(row.compliance()), row.region(), row.tier());
                    if (row.action() == SweepAction.PENDING) {
                        pending.add(new Pending(row, nic, seen.get().lane()));
                        if (seen.get().lane() == null) {
                            rows.add(row); // stored before it had a lane: written again with the one it gets now
                        }
                    } else {
                        tally.act(row.action());
                    }
                    continue;
                }
            }
            learnSize(nic, sizesChecked);
            Assessment a = classifier.assess(nic);
            String tier = a.tier() == null ? null : a.tier().name();
            tally.classify(a.compliance(), nic.nic().location(), tier);
            meters.counter("accelconn.sweep.nics", "class", a.compliance().name()).increment();
            if (a.compliance() == ComplianceClass.COMPLIANT) {
                tally.act(SweepAction.NONE);
                continue;
            }
            SweepAction action = plan(run, a);
            NicRow row = new NicRow(nic.nic().id(), nic.nic().subscriptionId(), nic.nic().location(), a.compliance().name(),
                    NicClassifier.codes(a), tier, action);
            rows.add(row);
            if (action == SweepAction.PENDING) {
                // Counted by its lane, once it is decided.
                pending.add(new Pending(row, nic, null));
            } else {
                tally.act(action);
            }
        }
        List<Pending> dealt = dealOut(pending);
        Map<NicRow, Integer> laneOf = new java.util.IdentityHashMap<>();
        dealt.forEach(p -> laneOf.put(p.row(), p.lane()));
        store.putRows(place.runId(), place.subscriptionId(), place.page(),
                rows.stream().map(r -> new SweepStore.StoredRow(r, laneOf.get(r))).toList());
        return new PageResult(tally, openLanes(run, place, dealt));
    }

    /** What the sweep will do about a NIC that is not compliant. */
    SweepAction plan(SweepRun run, Assessment a) {
        if (a.remedy() == Remedy.NONE) {
            return SweepAction.NONE;
        }
        if (a.remedy() == Remedy.WAIT) {
            return SweepAction.DEFERRED;
        }
        if (!run.classes().contains(a.compliance().name())) {
            return SweepAction.NOT_REQUESTED;
        }
        if (run.mode() == EnforceConfig.Mode.AUDIT) {
            return SweepAction.WOULD_REMEDIATE;
        }
        if (a.remedy() == Remedy.WRITE_WHEN_DEALLOCATED && !enforce.restartRunningVms()) {
            return SweepAction.DEFERRED;
        }
        return SweepAction.PENDING;
    }

    /** A NIC chosen for a write, with its lane once it has one. */
    private record Pending(NicRow row, FleetNic nic, Integer lane) {
    }

    /** Where a page's report rows live (see {@link SweepStore#rowPartition}). */
    record RowPlace(String runId, String subscriptionId, int page) {
    }

    /**
     * Gives each NIC without a lane one, a VM's NICs the same: a lane takes its NICs one after the
     * other, so the first that needs the VM restarted takes its siblings into the same journaled
     * cycle (one restart per VM), and the others then find their decisions recorded. NICs a
     * cut-off attempt already dealt keep their lane; the others go to lanes after those.
     */
    private List<Pending> dealOut(List<Pending> pending) {
        int next = pending.stream().map(Pending::lane).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue)
                .max().orElse(-1) + 1;
        Map<String, Integer> byVm = new LinkedHashMap<>();
        List<Pending> out = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            if (p.lane() != null) {
                out.add(p);
                continue;
            }
            String vmId = p.nic().nic().vmId();
            String key = vmId == null ? p.nic().key() : vmId.toLowerCase(Locale.ROOT);
            int lane = byVm.computeIfAbsent(key, k -> byVm.size() % config.writeLanes());
            out.add(new Pending(p.row(), p.nic(), next + lane));
        }
        return out;
    }

    /**
     * Creates the page's lanes (those a cut-off attempt created stay as they are) and queues one
     * item per lane; answers when their writes should end, null when the page chose none.
     */
    private Instant openLanes(SweepRun run, RowPlace place, List<Pending> dealt) {
        if (dealt.isEmpty()) {
            return null;
        }
        Map<Integer, Integer> nicsPerLane = new java.util.TreeMap<>();
        dealt.forEach(p -> nicsPerLane.merge(p.lane(), 1, Integer::sum));
        int lanes = nicsPerLane.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        Instant start = Instant.now();
        Duration spacing = pacer.laneSpacing(lanes);
        Instant until = start;
        List<Checkpoint> created = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : nicsPerLane.entrySet()) {
            Checkpoint lane = Checkpoint.lane(run.runId(), place.subscriptionId(), place.page(), e.getKey());
            lane.lanes = lanes;
            lane.totalNics = e.getValue();
            lane.writesFrom = pacer.firstWrite(start, e.getKey());
            lane.writesUntil = lane.writesFrom.plus(spacing.multipliedBy(e.getValue() - 1L));
            lane.createdAt = start;
            lane.updatedAt = start;
            until = lane.writesUntil.isAfter(until) ? lane.writesUntil : until;
            created.add(lane);
        }
        store.createLanes(created);
        for (Checkpoint lane : created) {
            queue.enqueue(new WorkItem(run.runId(), place.subscriptionId(), 0, place.page(), lane.lane), Duration.ZERO);
        }
        return until;
    }

    /** Sizes newer than the bundled catalog are learnt once per item, not once per NIC. */
    private void learnSize(FleetNic nic, Set<String> checked) {
        String size = classifier.size(nic);
        if (size != null && nic.nic().location() != null && checked.add(size + "@" + nic.nic().location())) {
            liveSizes.ensureKnown(size, nic.nic().subscriptionId(), nic.nic().location());
        }
    }
}
