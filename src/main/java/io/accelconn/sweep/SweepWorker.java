package io.accelconn.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * Takes one work item (a subscription of a run) as the queue delivers it: walks the
 * subscription's inventory a page at a time from the item's checkpoint, classifies each NIC,
 * records every NIC that is not compliant, remediates what the run asks for, and checkpoints
 * after every page. Idempotent: a redelivered item continues from its checkpoint, the first page
 * after a cut-off is checked against the report rows already written, and the per-(run, NIC)
 * claims keep any NIC from being written twice. An item that runs out of its time budget
 * checkpoints at a page boundary and enqueues its continuation.
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
    }

    /**
     * @param dequeueCount the host's delivery count of this message (1 the first time)
     * @throws RuntimeException when the item failed; the caller answers non-2xx so the host delivers it again
     */
    public Outcome process(WorkItem item, int dequeueCount) {
        String runId = RunIds.require(item.runId());
        String sub = item.subscriptionId().toLowerCase(java.util.Locale.ROOT);
        try (LogContext log = LogContext.run(runId)) {
            Outcome outcome = processOwned(item, runId, sub, dequeueCount);
            meters.counter("accelconn.sweep.items", "result", outcome.result().name()).increment();
            return outcome;
        }
    }

    private Outcome processOwned(WorkItem item, String runId, String sub, int dequeueCount) {
        Optional<SweepRun> run = store.run(runId);
        Optional<Checkpoint> found = store.item(runId, sub);
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
            return deferTo(item, store.item(runId, sub).orElse(cp), now);
        }
        try {
            return sweep(run.get(), cp, cutOff);
        } catch (SweepStore.LeaseLost lost) {
            LOG.warnf("sweep %s: subscription %s was taken over by another delivery; leaving it to that one", runId, sub);
            return new Outcome(Result.SKIPPED, runId, sub, 0, 0, lost.getMessage());
        } catch (RuntimeException failure) {
            recordFailure(run.get(), runId, sub, owner, failure, dequeueCount);
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
            Tally tally = page(run, cp, page, suspect, sizesChecked);
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
        cp.state = ItemState.PAUSED;
        cp.segment++;
        cp.continuations++;
        cp.leaseOwner = null;
        cp.leaseUntil = null;
        cp.updatedAt = Instant.now();
        store.save(cp);
        queue.enqueue(new WorkItem(run.runId(), cp.subscriptionId, cp.segment), Duration.ZERO);
        Instant eta = Progress.eta(cp, Instant.now());
        String message = "time budget " + config.itemTimeBudget() + " used after " + pages + " pages ("
                + Duration.ofNanos(elapsedNanos).toSeconds() + " s); continuing in segment " + cp.segment
                + (eta == null ? "" : ", ETA " + eta);
        LOG.infof("sweep %s: %s: %s", run.runId(), cp.subscriptionId, message);
        return new Outcome(Result.CONTINUED, run.runId(), cp.subscriptionId, pages, nics, message);
    }

    /** A live lease elsewhere: queue a copy that shows up when the lease ends, in case its holder died. */
    private Outcome deferTo(WorkItem item, Checkpoint cp, Instant now) {
        Duration wait = cp.leaseUntil == null ? Duration.ZERO : Duration.between(now, cp.leaseUntil).plusSeconds(1);
        queue.enqueue(new WorkItem(item.runId(), item.subscriptionId(), cp.segment), wait);
        return new Outcome(Result.DEFERRED, item.runId(), item.subscriptionId(), 0, 0,
                "another delivery holds the item until " + cp.leaseUntil + "; a copy waits until then");
    }

    private void recordFailure(SweepRun run, String runId, String sub, String owner, RuntimeException failure,
            int dequeueCount) {
        boolean last = dequeueCount >= config.maxDequeueCount();
        LOG.warnf(failure, "sweep %s: subscription %s failed on delivery %d of %d%s", runId, sub, dequeueCount,
                config.maxDequeueCount(), last ? "; recording it FAILED before the host moves it to the poison queue" : "");
        try {
            Checkpoint cp = store.item(runId, sub).orElse(null);
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
            LOG.debugf(alsoFailed, "sweep %s: could not record the failure of %s", runId, sub);
        }
    }

    /** One page: classify, record, remediate. The rows are written before any NIC write. */
    private Tally page(SweepRun run, Checkpoint cp, InventoryPage page, boolean suspect, Set<String> sizesChecked) {
        RowPlace place = new RowPlace(run.runId(), cp.subscriptionId, cp.pages);
        Tally tally = new Tally();
        tally.inventoryRequests += page.requests();
        tally.armRequests += page.requests();
        List<NicRow> rows = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (FleetNic nic : page.nics()) {
            if (suspect) {
                Optional<NicRow> seen = store.row(place.runId(), place.subscriptionId(), place.page(), nic.nic().id());
                if (seen.isPresent()) {
                    // Counted by what the cut-off attempt saw: the NIC may have been written since.
                    NicRow row = seen.get();
                    tally.classify(ComplianceClass.valueOf(row.compliance()), row.region(), row.tier());
                    if (row.action() == SweepAction.PENDING) {
                        pending.add(new Pending(row, nic));
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
                pending.add(new Pending(row, nic));
            } else {
                tally.act(action);
            }
        }
        store.putRows(place.runId(), place.subscriptionId(), place.page(), rows);
        remediate(run, place, pending, tally);
        return tally;
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

    private record Pending(NicRow row, FleetNic nic) {
    }

    /** Where a page's report rows live (see {@link SweepStore#rowPartition}). */
    private record RowPlace(String runId, String subscriptionId, int page) {
    }

    /**
     * Writes in flight at once, each paced by the sweep's share of the subscription's write budget:
     * a NIC write waits a second or more for its long-running operation, so one at a time would
     * leave the budget unused. Concurrency here overlaps those waits within one subscription; the
     * fan-out across subscriptions is the queue's.
     */
    private void remediate(SweepRun run, RowPlace place, List<Pending> pending, Tally tally) {
        if (pending.isEmpty()) {
            return;
        }
        // A VM's NICs one after the other, in one task: the first that needs the VM restarted takes
        // its siblings into the same journaled cycle (one restart per VM), and the others then find
        // their decisions recorded. Run side by side they would meet each other's restart instead.
        Map<String, List<Pending>> byVm = new LinkedHashMap<>();
        for (Pending p : pending) {
            String vmId = p.nic().nic().vmId();
            String key = vmId == null ? p.nic().key() : vmId.toLowerCase(java.util.Locale.ROOT);
            byVm.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        int threads = Math.max(1, Math.min(config.writeConcurrency(), byVm.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep-write-" + run.runId());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Remediator.Outcome>>> futures = new ArrayList<>(byVm.size());
            for (List<Pending> ofOneVm : byVm.values()) {
                futures.add(pool.submit(() -> remediateInTurn(run, place, ofOneVm)));
            }
            RuntimeException first = null;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    for (Remediator.Outcome o : futures.get(i).get()) {
                        tally.act(o.action());
                        tally.armRequests += o.armReads() + o.armWrites();
                    }
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while remediating", e);
                }
            }
            if (first != null) {
                throw first; // the item fails; its redelivery finds the PENDING rows and the released claims
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One VM's NICs in turn; a failure stops the rest, which stay PENDING for the redelivery. */
    private List<Remediator.Outcome> remediateInTurn(SweepRun run, RowPlace place, List<Pending> ofOneVm) {
        List<Remediator.Outcome> outcomes = new ArrayList<>(ofOneVm.size());
        for (Pending p : ofOneVm) {
            outcomes.add(remediateOne(run, place, p));
        }
        return outcomes;
    }

    private Remediator.Outcome remediateOne(SweepRun run, RowPlace place, Pending p) {
        try (LogContext log = LogContext.run(run.runId()).put(LogContext.NIC_ID, p.nic().nic().id())
                .put(LogContext.VM_ID, p.nic().nic().vmId())) {
            pacer.acquire(p.nic().nic().subscriptionId());
            Remediator.Outcome o = remediator.remediate(run.runId(), p.nic(), run.mode());
            if (o.action() != SweepAction.PENDING) {
                store.putRow(place.runId(), place.subscriptionId(), place.page(), p.row().withAction(o.action(), o.reasons()));
            }
            meters.counter("accelconn.sweep.remediations", "action", o.action().name()).increment();
            return o;
        }
    }

    /** Sizes newer than the bundled catalog are learnt once per item, not once per NIC. */
    private void learnSize(FleetNic nic, Set<String> checked) {
        String size = classifier.size(nic);
        if (size != null && nic.nic().location() != null && checked.add(size + "@" + nic.nic().location())) {
            liveSizes.ensureKnown(size, nic.nic().subscriptionId(), nic.nic().location());
        }
    }
}
