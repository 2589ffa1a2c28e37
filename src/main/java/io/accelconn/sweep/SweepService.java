package io.accelconn.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.api.RequestRejected;
import io.accelconn.azure.FleetInventory;
import io.accelconn.eligibility.EligibilityService;
import io.accelconn.enforcement.EnforceConfig;
import io.accelconn.policy.ComplianceClass;
import io.accelconn.policy.ReasonCode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts sweep runs (HTTP and timer alike) and reads their reports. A start writes the run, takes
 * the scope (a conditional insert, so two concurrent starts give one run), writes one checkpoint
 * per subscription and enqueues one work item per subscription: the fan-out is the queue's.
 */
@ApplicationScoped
public class SweepService {

    private static final Logger LOG = Logger.getLogger(SweepService.class);
    public static final int DEFAULT_REPORT_ROWS = 100;
    public static final int MAX_REPORT_ROWS = 1000;

    private final SweepStore store;
    private final SweepQueue queue;
    private final SweepRuns runs;
    private final FleetInventory inventory;
    private final EligibilityService eligibility;
    private final EnforceConfig enforce;

    SweepService(SweepStore store, SweepQueue queue, SweepRuns runs, FleetInventory inventory, EligibilityService eligibility,
            EnforceConfig enforce) {
        this.store = store;
        this.queue = queue;
        this.runs = runs;
        this.inventory = inventory;
        this.eligibility = eligibility;
        this.enforce = enforce;
    }

    /**
     * @param trigger {@code http} or {@code timer}
     * @return the new run (status RUNNING), or the active run of the same scope with code {@code SWEEP_ACTIVE}
     * @throws RequestRejected 400 for a bad body; 503 when storage or the queue failed (nothing is left running)
     */
    public SweepReports.Started start(JsonNode body, String trigger) {
        SweepRequest request = SweepRequest.read(body);
        EnforceConfig.Mode mode = request.mode() == null ? enforce.mode() : request.mode();
        // The write path takes a mode per call, so it could enforce here while the deployment says
        // audit. It must not: accelconn.enforce.mode=audit is the operator's word for the whole
        // deployment (a trial, a change freeze) that nothing writes to ARM, and any holder of the
        // sweep's key could otherwise overrule it. A run may ask for less (audit in an enforce
        // deployment), never for more.
        if (mode == EnforceConfig.Mode.ENFORCE && enforce.mode() == EnforceConfig.Mode.AUDIT) {
            throw RequestRejected.badRequest("MODE_NOT_ALLOWED",
                    "accelconn.enforce.mode is audit: this deployment never writes to ARM, so a sweep cannot enforce");
        }
        List<ComplianceClass> classes = request.classes().isEmpty() ? SweepRequest.DEFAULT_CLASSES : request.classes();
        if (classes.contains(ComplianceClass.NEEDS_REDEPLOY) && !enforce.restartRunningVms()) {
            throw RequestRejected.badRequest("RESTART_NOT_ALLOWED", "NEEDS_REDEPLOY is remediated only by restarting its VM:"
                    + " set accelconn.enforce.restart-running-vms=true (and tag the VMs that may restart) first");
        }
        List<String> subscriptions = scope(request.subscriptions());
        Instant now = Instant.now();
        String runId = RunIds.next(now);
        String scopeKey = scopeKey(subscriptions);
        SweepRun run = new SweepRun(runId, scopeKey, subscriptions.size(), mode, classes.stream().map(Enum::name).toList(), trigger,
                now, null, RunStatus.RUNNING);
        try {
            store.saveRun(run);
            Optional<String> active = takeScope(scopeKey, runId, now);
            if (active.isPresent()) {
                store.deleteRun(runId);
                return new SweepReports.Started(active.get(), RunStatus.RUNNING, "SWEEP_ACTIVE",
                        "run " + active.get() + " is sweeping the same subscriptions");
            }
        } catch (RequestRejected r) {
            throw r;
        } catch (RuntimeException e) {
            throw unavailable("storage", e);
        }
        try {
            store.createItems(runId, subscriptions, now);
            for (String sub : subscriptions) {
                queue.enqueue(new WorkItem(runId, sub, 0), Duration.ZERO);
            }
        } catch (RuntimeException e) {
            // Items already queued find a FAILED run's checkpoints and finish quickly; the scope is free again.
            try {
                store.saveRun(run.finished(RunStatus.FAILED, Instant.now()));
                store.releaseScope(scopeKey, runId);
            } catch (RuntimeException alsoFailed) {
                LOG.debugf(alsoFailed, "sweep %s: could not mark the failed start", runId);
            }
            throw unavailable("the queue", e);
        }
        LOG.infof("sweep %s started (%s, %s mode, %d subscriptions, classes %s)", runId, trigger,
                mode.name().toLowerCase(Locale.ROOT), subscriptions.size(), run.classes());
        return new SweepReports.Started(runId, RunStatus.RUNNING, null, null);
    }

    /** Runs, newest first. */
    public List<SweepReports.RunLine> runs(int limit) {
        List<SweepReports.RunLine> lines = new ArrayList<>();
        for (SweepRun run : store.runs(limit)) {
            RunStatus status = run.status().finished() ? run.status() : runs.status(run, store.items(run.runId()));
            lines.add(new SweepReports.RunLine(run.runId(), status, mode(run), run.trigger(), run.subscriptions(),
                    run.startedAt(), run.finishedAt()));
        }
        return lines;
    }

    /** @throws RequestRejected 404 {@code RUN_NOT_FOUND} */
    public SweepReports.RunReport report(String runId) {
        SweepRun run = store.run(RunIds.require(runId))
                .orElseThrow(() -> new RequestRejected(404, "RUN_NOT_FOUND", "no sweep run " + runId));
        List<Checkpoint> items = store.items(runId);
        RunStatus status = runs.status(run, items);
        Instant now = Instant.now();
        Tally total = new Tally();
        Map<String, Map<String, Long>> bySubscription = new TreeMap<>();
        Map<String, Integer> states = new TreeMap<>();
        int continuations = 0;
        int resumes = 0;
        List<SweepReports.ItemError> errors = new ArrayList<>();
        Instant lastFinish = null;
        for (Checkpoint cp : items) {
            total.add(cp.tally);
            if (!cp.isLane()) {
                bySubscription.put(cp.subscriptionId, cp.tally.classes);
            }
            states.merge(cp.state.name(), 1, Integer::sum);
            continuations += cp.continuations;
            resumes += cp.resumes;
            if (cp.lastError != null) {
                errors.add(new SweepReports.ItemError(cp.subscriptionId, cp.state, cp.lastError));
            }
            if (cp.finishedAt != null && (lastFinish == null || cp.finishedAt.isAfter(lastFinish))) {
                lastFinish = cp.finishedAt;
            }
        }
        Instant finishedAt = status.finished() ? (run.finishedAt() != null ? run.finishedAt() : lastFinish) : null;
        Instant end = finishedAt != null ? finishedAt : now;
        return new SweepReports.RunReport(run.runId(), status, mode(run), run.trigger(),
                items.stream().filter(cp -> !cp.isLane()).map(cp -> cp.subscriptionId).toList(), run.classes(),
                run.startedAt(), finishedAt, Duration.between(run.startedAt(), end).toMillis(), total.nics, total.classes,
                total.byRegion, bySubscription, total.byTier, total.actions,
                total.action(SweepAction.APPLIED) + total.action(SweepAction.RESTARTED_AND_APPLIED),
                total.action(SweepAction.FAILED), total.armRequests, total.inventoryRequests, states, continuations, resumes,
                status.finished() ? null : Progress.eta(items, now), errors);
    }

    /** A page of one class's rows of a run. */
    public SweepReports.RowsPage rows(String runId, String compliance, Integer limit, String continuation) {
        RunIds.require(runId);
        ComplianceClass cls = SweepRequest.parse(compliance);
        if (cls == null) {
            throw RequestRejected.badRequest("INVALID_CLASS", "class must be one of " + List.of(ComplianceClass.values()));
        }
        if (cls == ComplianceClass.COMPLIANT) {
            throw RequestRejected.badRequest("CLASS_NOT_LISTED",
                    "compliant NICs are counted (counts.COMPLIANT), not listed; every other class has a row per NIC");
        }
        int n = limit == null ? DEFAULT_REPORT_ROWS : limit;
        if (n < 1 || n > MAX_REPORT_ROWS) {
            throw RequestRejected.badRequest("INVALID_FIELD", "limit must be 1 to " + MAX_REPORT_ROWS);
        }
        if (store.run(runId).isEmpty()) {
            throw new RequestRejected(404, "RUN_NOT_FOUND", "no sweep run " + runId);
        }
        SweepStore.RowPage page = store.rows(runId, cls.name(), n, continuation);
        return new SweepReports.RowsPage(runId, cls.name(), page.rows(), page.continuation());
    }

    /** The requested subscriptions (all enrolled, when a list is configured), or the default scope. */
    private List<String> scope(List<String> requested) {
        var settings = eligibility.settings();
        if (!requested.isEmpty()) {
            for (String sub : requested) {
                if (!settings.isEnrolled(sub)) {
                    throw RequestRejected.badRequest(ReasonCode.SUBSCRIPTION_NOT_ENROLLED.name(), "subscription " + sub
                            + " is not in accelconn.policy.enrolled-subscriptions");
                }
            }
            return requested;
        }
        List<String> scope;
        if (!settings.enrolledSubscriptions().isEmpty()) {
            scope = new ArrayList<>(settings.enrolledSubscriptions());
        } else {
            try {
                scope = inventory.readableSubscriptions();
            } catch (RuntimeException e) {
                throw unavailable("ARM (listing subscriptions)", e);
            }
        }
        if (scope.isEmpty()) {
            throw RequestRejected.badRequest("NO_SUBSCRIPTIONS", "no subscription to sweep: name some, enroll some"
                    + " (accelconn.policy.enrolled-subscriptions), or grant the identity read on them");
        }
        return scope.stream().map(s -> s.toLowerCase(Locale.ROOT)).sorted().distinct().toList();
    }

    /** Empty when the scope is ours now; else the run that holds it. */
    private Optional<String> takeScope(String scopeKey, String runId, Instant now) {
        for (int round = 0; round < 3; round++) {
            Optional<SweepStore.ScopeLock> held = store.lockScope(scopeKey, runId, now);
            if (held.isEmpty()) {
                return Optional.empty();
            }
            SweepStore.ScopeLock lock = held.get();
            Optional<SweepRun> holder = store.run(lock.runId());
            boolean over = holder.isEmpty() || runs.status(holder.get(), store.items(lock.runId())).finished();
            if (!over) {
                return Optional.of(lock.runId());
            }
            if (store.takeOverScope(scopeKey, lock, runId, now)) {
                return Optional.empty();
            }
        }
        throw new RequestRejected(503, "SCOPE_CONTENDED", "other starts keep taking this scope; try again");
    }

    static String scopeKey(List<String> subscriptions) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", subscriptions.stream().sorted().toList()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String mode(SweepRun run) {
        return run.mode().name().toLowerCase(Locale.ROOT);
    }

    private static RequestRejected unavailable(String what, RuntimeException e) {
        LOG.warnf(e, "sweep start failed: %s unavailable", what);
        return new RequestRejected(503, "SWEEP_UNAVAILABLE", what + " is unavailable; nothing was started, try again");
    }
}
