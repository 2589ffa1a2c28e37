package io.accelconn.enforcement;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.accelconn.api.WireText;
import io.accelconn.audit.ClaimLostException;
import io.accelconn.audit.Intent;
import io.accelconn.azure.ArmFailure;
import io.accelconn.azure.Nic;
import io.accelconn.azure.NicChange;
import io.accelconn.azure.NicGateway;
import io.accelconn.azure.NicNotFoundException;
import io.accelconn.azure.ResourceId;
import io.accelconn.azure.Vm;
import io.accelconn.azure.VmGateway;
import io.accelconn.azure.WriteOutcome;
import io.accelconn.catalog.LiveSizeCatalog;
import io.accelconn.eligibility.EligibilityService;
import io.accelconn.policy.Assessment;
import io.accelconn.policy.Candidate;
import io.accelconn.policy.NicSettings;
import io.accelconn.policy.PowerState;
import io.accelconn.policy.ReasonCode;
import io.accelconn.policy.Regions;
import io.accelconn.policy.Remedy;
import io.accelconn.policy.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The write path: brings NICs to the desired state, one decision per (source, NIC), recorded in
 * the audit table. Shared by the event path and the sweep.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>{@link #enforce(Source, String, Vm, EnforceConfig.Mode)}: one NIC. {@code source.id()} is
 * the claim key with the NIC (an event id, a sweep run id): a second call with the same source
 * and NIC, sequential or concurrent, answers {@code DUPLICATE} and does nothing else.
 * {@code knownVm} is the NIC's VM when the caller already read it (a VM write event, the sweep's
 * inventory), else null: it is then read when the NIC names one. {@code mode} is per call
 * ({@code POST /sweep} takes one per run); null means {@code accelconn.enforce.mode}.</li>
 * <li>{@link #enforceVm(Source, Vm, EnforceConfig.Mode)}: every NIC of a VM the caller read; a
 * VM needing a restart is restarted once for all of them.</li>
 * <li>{@link #finishRestarts(String)}: finishes the open restart journal entries of a
 * subscription (null: all); the sweep calls it for its subscriptions.</li>
 * <li>Each call returns, per NIC, a {@link NicOutcome}: a decision (recorded, or a duplicate), or
 * a transient failure with a {@link RetryCode}: nothing recorded, the claim released with its
 * intent, and the caller must deliver it again later (Event Grid: answer 503; the sweep: leave
 * the work item on its queue). After {@code max-transient-attempts} such failures of one
 * (source, NIC) the decision is {@code FAILED} with {@code RETRIES_EXHAUSTED}.</li>
 * <li>Nothing is thrown for what ARM answers; only programming errors escape. Calls block
 * (ARM, Table Storage): call from worker threads.</li>
 * </ul>
 *
 * <h2>What it does for a NIC</h2>
 * Claims it; reads it (and its VM); judges it with {@code CompliancePolicy} (mode, the tier that
 * size, override and cap give, required tags; the VM's power state); then: compliant:
 * {@code UNCHANGED}; refused: {@code INELIGIBLE} with every reason; writable now: records the
 * intent on the claim, writes with If-Match and waits for {@code Succeeded} ({@code APPLIED});
 * needs the VM deallocated: with its owner's consent, a journaled restart cycle of the VM
 * ({@link VmRestarts}) covering every NIC of it that needs a change
 * ({@code RESTARTED_AND_APPLIED}), otherwise {@code DEFERRED} with the reason. Permanent ARM
 * failures are {@code FAILED} with ARM's error code ({@link ArmFailure}).
 */
@ApplicationScoped
public class NicEnforcer {

    private static final Logger LOG = Logger.getLogger(NicEnforcer.class);

    private final NicGateway nics;
    private final VmGateway vms;
    private final EligibilityService eligibility;
    private final LiveSizeCatalog liveSizes;
    private final Claims claims;
    private final VmRestarts restarts;
    private final EnforceConfig config;
    private final MeterRegistry meters;
    private final Timer latency;

    NicEnforcer(NicGateway nics, VmGateway vms, EligibilityService eligibility, LiveSizeCatalog liveSizes, Claims claims,
            VmRestarts restarts, EnforceConfig config, MeterRegistry meters) {
        this.nics = nics;
        this.vms = vms;
        this.eligibility = eligibility;
        this.liveSizes = liveSizes;
        this.claims = claims;
        this.restarts = restarts;
        this.config = config;
        this.meters = meters;
        this.latency = Timer.builder("accelconn.enforcement.latency")
                .description("Claim to recorded decision, per NIC").publishPercentileHistogram().register(meters);
    }

    /** One NIC; see the class contract. */
    public NicOutcome enforce(Source source, String nicId, Vm knownVm, EnforceConfig.Mode mode) {
        return run(source, List.of(nicId), knownVm, mode).get(0);
    }

    /** Every NIC of {@code vm}, as the caller read it; see the class contract. */
    public List<NicOutcome> enforceVm(Source source, Vm vm, EnforceConfig.Mode mode) {
        return run(source, vm.nicIds(), vm, mode);
    }

    /**
     * Records a decision about a resource no NIC of which could be read: a NIC or VM outside the
     * enrolled subscriptions ({@code OUT_OF_SCOPE}, without an ARM call), or a VM ARM refused to
     * show ({@code FAILED}). Claimed and recorded like a NIC's decision, under the resource's id.
     */
    public NicOutcome recordForResource(Source source, ResourceId resource, Decision decision, ReasonCode reason,
            ArmFailure failure) {
        MDC.put(source.mdcKey(), WireText.escape(source.id()));
        try {
            Run run = new Run(source, config.mode(), null);
            NicWork w = new NicWork(resource.toString(), resource.subscriptionId());
            run.works.add(w);
            try {
                w.claim = claims.acquire(source, w.subscriptionId, w.nicId);
            } catch (RuntimeException e) {
                w.retry(RetryCode.TRANSIENT_FAILURE, "the audit table is unavailable: " + ArmFailure.of(e).summary(), null);
                return w.outcome();
            }
            if (!w.claim.acquired()) {
                var done = w.claim.existing();
                return NicOutcome.decided(new NicDecision(w.nicId, Decision.DUPLICATE, done.reasons(), done.armErrorCode(),
                        done.tier(), 0, 0));
            }
            w.decide(decision, List.of(reason.name()), failure == null ? null : failure.armErrorCode(), null);
            run.finish();
            return w.outcome();
        } finally {
            MDC.remove(source.mdcKey());
        }
    }

    /** Finishes open restart journal entries of one subscription, or of all (null). */
    public VmRestarts.FinishReport finishRestarts(String subscriptionId) {
        return restarts.finishOpen(subscriptionId);
    }

    private List<NicOutcome> run(Source source, List<String> nicIds, Vm knownVm, EnforceConfig.Mode mode) {
        MDC.put(source.mdcKey(), WireText.escape(source.id()));
        try {
            Run run = new Run(source, mode == null ? config.mode() : mode, knownVm);
            for (String nicId : nicIds) {
                run.works.add(new NicWork(nicId, ResourceId.parseNic(nicId).subscriptionId()));
            }
            run.go();
            return run.works.stream().map(NicWork::outcome).toList();
        } finally {
            MDC.remove(source.mdcKey());
            MDC.remove("vmId");
            MDC.remove("nicId");
        }
    }

    /** One call: the NICs, their VM, and the restart cycle, if any. */
    private final class Run {
        final Source source;
        final EnforceConfig.Mode mode;
        final List<NicWork> works = new ArrayList<>();
        Vm vm;
        PowerState power = PowerState.NO_VM;
        /** A cycle of the VM this run holds: opened for a restart, or resumed from an abandoned one. */
        VmRestarts.RestartCycle cycle;
        /** Another delivery is restarting the VM: what would write must wait for it. */
        boolean vmBusy;

        /** The VM came from the caller, read before the NICs. */
        final boolean vmReadFirst;

        Run(Source source, EnforceConfig.Mode mode, Vm knownVm) {
            this.source = source;
            this.mode = mode;
            this.vm = knownVm;
            this.vmReadFirst = knownVm != null;
        }

        private boolean refreshVm() {
            NicWork first = live().get(0);
            try {
                Vm fresh = vms.require(vm.id());
                first.armReads++;
                boolean changed = !fresh.equals(vm);
                vm = fresh;
                power = PowerState.of(vm.powerState());
                if (changed && power == PowerState.DEALLOCATED && cycle == null && !vmBusy) {
                    return resume();
                }
                return true;
            } catch (RuntimeException e) {
                ArmFailure f = ArmFailure.of(e);
                for (NicWork w : live()) {
                    failed(w, f, f.status() == 404 ? ReasonCode.VM_NOT_FOUND : ReasonCode.ARM_READ_FAILED);
                }
                return false;
            }
        }

        void go() {
            try {
                decideAll();
            } finally {
                if (cycle != null && cycle.held()) {
                    // A path ended early (a failed read) while this run held the VM: end the
                    // cycle now as a finisher would (start a VM accelconn stopped), never leave it held.
                    try {
                        cycle.settle();
                    } catch (RuntimeException e) {
                        cycle.release("SETTLE_FAILED " + ArmFailure.of(e).summary());
                    }
                }
            }
        }

        private void decideAll() {
            for (NicWork w : List.copyOf(works)) {
                claimAndRead(w);
            }
            if (live().isEmpty() || !readVm()) {
                finish();
                return;
            }
            power = vm == null ? PowerState.NO_VM : PowerState.of(vm.powerState());
            if (power == PowerState.DEALLOCATED && !resume()) {
                finish();
                return;
            }
            for (NicWork w : live()) {
                assess(w, vm, power);
            }
            if (vmReadFirst && live().stream().anyMatch(w -> needsWrite(w.assessment))) {
                // The caller read the VM before its NICs were read: a resize or a start since then
                // must not be written over with a stale tier. Read it again before anything is written.
                if (!refreshVm()) {
                    finish();
                    return;
                }
                for (NicWork w : live()) {
                    assess(w, vm, power);
                }
            }
            List<NicWork> toRestart = new ArrayList<>();
            for (NicWork w : live()) {
                if (!landed(w)) {
                    act(w, toRestart);
                }
            }
            if (!toRestart.isEmpty()) {
                restartCycle(toRestart);
            } else if (cycle != null) {
                startAndClose(live(), cycle);
            }
            finish();
        }

        private List<NicWork> live() {
            return works.stream().filter(w -> !w.done() && w.snapshot != null).toList();
        }

        private void claimAndRead(NicWork w) {
            MDC.put("nicId", WireText.escape(w.nicId));
            try {
                w.claim = claims.acquire(source, w.subscriptionId, w.nicId);
            } catch (Claims.HeldElsewhere e) {
                w.retry(RetryCode.IN_PROGRESS, "another delivery of " + WireText.escape(source.id())
                        + " is still working on this NIC", null);
                return;
            } catch (RuntimeException e) {
                w.retry(RetryCode.TRANSIENT_FAILURE, "the audit table is unavailable: " + ArmFailure.of(e).summary(), null);
                return;
            }
            if (!w.claim.acquired()) {
                var done = w.claim.existing();
                w.decision = new NicDecision(w.nicId, Decision.DUPLICATE, done.reasons(), done.armErrorCode(), done.tier(), 0,
                        0);
                return;
            }
            if (!eligibility.settings().isEnrolled(w.subscriptionId)) {
                w.decide(Decision.OUT_OF_SCOPE, List.of(ReasonCode.SUBSCRIPTION_NOT_ENROLLED.name()));
                return;
            }
            if (read(w)) {
                Intent intent = w.claim.intent();
                NicSettings earlier = intent == null ? null : claims.settings(intent.before());
                w.before = earlier != null ? earlier : settings(w.snapshot.nic());
                w.after = settings(w.snapshot.nic());
            }
        }

        /** Reads the NIC into the work; false when ARM no longer knows it or could not say (the work then says why). */
        private boolean read(NicWork w) {
            try {
                Optional<NicGateway.Snapshot> read = nics.read(w.nicId);
                w.armReads++;
                if (read.isEmpty()) {
                    w.decide(Decision.NOT_FOUND, List.of());
                    return false;
                }
                w.snapshot = read.get();
                return true;
            } catch (RuntimeException e) {
                failed(w, e, ReasonCode.ARM_READ_FAILED);
                return false;
            }
        }

        /** The VM a NIC names, when the caller did not know it. False when it could not be read. */
        private boolean readVm() {
            if (vm == null) {
                NicWork first = live().get(0);
                String vmId = first.snapshot.nic().vmId();
                if (vmId == null) {
                    return true;
                }
                try {
                    vm = vms.require(vmId);
                    first.armReads++;
                } catch (RuntimeException e) {
                    ArmFailure f = ArmFailure.of(e);
                    for (NicWork w : live()) {
                        failed(w, f, f.status() == 404 ? ReasonCode.VM_NOT_FOUND : ReasonCode.ARM_READ_FAILED);
                    }
                    return false;
                }
            }
            MDC.put("vmId", WireText.escape(vm.id()));
            return true;
        }

        /**
         * A deallocated VM may be one accelconn stopped and did not start again: then this run
         * takes its cycle over and starts it. False when that could not be found out.
         */
        private boolean resume() {
            try {
                cycle = restarts.resume(vm).orElse(null);
            } catch (VmRestarts.Busy busy) {
                vmBusy = true;
            } catch (RuntimeException e) {
                for (NicWork w : live()) {
                    failed(w, e, ReasonCode.ARM_READ_FAILED);
                }
                return false;
            }
            return true;
        }

        /** Judges the NIC; false when that failed (the work then holds the failure). */
        private boolean assess(NicWork w, Vm theVm, PowerState thePower) {
            try {
                w.assessment = judge(w.snapshot.nic(), theVm, thePower);
                return true;
            } catch (RuntimeException e) {
                failed(w, e, ReasonCode.ARM_READ_FAILED);
                return false;
            }
        }

        /** An earlier attempt's write that ARM took though nobody saw it confirmed: the NIC shows its target. */
        private boolean landed(NicWork w) {
            Intent intent = w.claim.intent();
            NicSettings target = intent == null ? null : claims.settings(intent.target());
            if (target == null || !reached(settings(w.snapshot.nic()), target)) {
                return false;
            }
            w.written = Decision.valueOf(intent.decision());
            w.armWrites += intent.armWrites();
            LOG.infof("NIC %s is at the target of an earlier delivery's write: recording it as %s", WireText.escape(w.nicId),
                    w.written);
            return true;
        }

        private void act(NicWork w, List<NicWork> toRestart) {
            Assessment a = w.assessment;
            if (a.remedy() == Remedy.WRITE) {
                if (vmBusy) {
                    w.retry(RetryCode.VM_RESTART_IN_PROGRESS, "another delivery is restarting this NIC's VM", null);
                } else if (mode == EnforceConfig.Mode.AUDIT) {
                    settle(w);
                } else {
                    write(w, vm, cycle != null ? Decision.RESTARTED_AND_APPLIED : Decision.APPLIED);
                }
            } else if (a.remedy() == Remedy.WRITE_WHEN_DEALLOCATED && power == PowerState.RUNNING && mayRestart(vm)) {
                if (mode == EnforceConfig.Mode.AUDIT) {
                    w.decide(Decision.WOULD_APPLY, w.reasons());
                    w.after = a.desired();
                } else {
                    toRestart.add(w);
                }
            } else {
                settle(w);
            }
        }

        /** Records the intent, writes with If-Match, and waits for Succeeded; after a 412 judges again. */
        private void write(NicWork w, Vm theVm, Decision as) {
            NicSettings target = target(w.assessment);
            int writes = w.armWrites + 1 + (as == Decision.RESTARTED_AND_APPLIED && w.armWrites > 0 ? 1 : 0);
            try {
                w.claim = claims.recordIntent(w.claim, w.before, target, as, writes);
            } catch (RuntimeException e) {
                w.retry(e instanceof ClaimLostException ? RetryCode.IN_PROGRESS : RetryCode.TRANSIENT_FAILURE,
                        "the intent could not be recorded: " + ArmFailure.of(e).summary(), null);
                return;
            }
            var state = new Object() {
                int round;
                Vm vmNow = theVm;
                Assessment last = w.assessment;
                NicSettings recorded = target;
            };
            WriteOutcome out;
            try {
                out = nics.apply(w.snapshot, nic -> {
                    if (state.round++ > 0) {
                        // A 412: the NIC changed under us, and its VM may have too (a resize, a start).
                        if (state.vmNow != null) {
                            state.vmNow = vms.require(state.vmNow.id());
                            w.armReads++;
                        }
                        PowerState now = state.vmNow == null ? PowerState.NO_VM
                                : cycle != null && cycle.deallocated() ? PowerState.DEALLOCATED
                                        : PowerState.of(state.vmNow.powerState());
                        state.last = judge(nic, state.vmNow, now);
                    }
                    if (state.last.remedy() != Remedy.WRITE) {
                        return Optional.empty();
                    }
                    NicSettings t = target(state.last);
                    if (reached(settings(nic), t)) {
                        return Optional.empty();
                    }
                    if (!t.equals(state.recorded)) {
                        w.claim = claims.recordIntent(w.claim, w.before, t, as, writes);
                        state.recorded = t;
                    }
                    return Optional.of(new NicChange(t.auxiliaryMode(), t.auxiliarySku(), t.tags()));
                });
            } catch (NicNotFoundException e) {
                w.decide(Decision.NOT_FOUND, List.of());
                return;
            } catch (RuntimeException e) {
                failed(w, e, ReasonCode.NIC_WRITE_FAILED);
                return;
            }
            w.armReads += out.attempts() - 1;
            w.assessment = state.last;
            if (out.written()) {
                w.armWrites++;
                w.written = as;
                w.after = settings(out.after());
            } else if (out.attempts() > 1 && reached(settings(out.before()), state.recorded)) {
                // A 412, and the NIC shows what our PUT set: its answer was lost and its retry met
                // our own landed write. Recorded as ours, once.
                w.armWrites++;
                w.written = as;
                w.after = settings(out.before());
            } else {
                w.after = settings(out.before());
                settle(w);
            }
        }

        /** The decision when nothing is written now. */
        private void settle(NicWork w) {
            Assessment a = w.assessment;
            switch (a.compliance()) {
                case COMPLIANT -> w.decide(Decision.UNCHANGED, List.of());
                case INELIGIBLE, EXEMPT, CONFLICT -> w.decide(Decision.INELIGIBLE, w.reasons());
                default -> {
                    if (a.remedy() == Remedy.WRITE) {
                        w.decide(Decision.WOULD_APPLY, w.reasons());
                        w.after = a.desired();
                    } else {
                        w.decide(Decision.DEFERRED, w.reasons());
                    }
                }
            }
        }

        /** One deallocate/start of the VM for every NIC of it that needs a change. */
        private void restartCycle(List<NicWork> toRestart) {
            NicWork first = toRestart.get(0);
            try {
                cycle = restarts.open(vm, source);
            } catch (VmRestarts.Busy busy) {
                toRestart.forEach(w -> w.retry(RetryCode.VM_RESTART_IN_PROGRESS,
                        "another delivery is restarting this NIC's VM", null));
                return;
            } catch (RuntimeException e) {
                toRestart.forEach(w -> failed(w, e, ReasonCode.VM_DEALLOCATE_FAILED));
                return;
            }
            Vm fresh;
            try {
                // The lock is ours: is the VM still running as it was judged?
                fresh = vms.require(vm.id());
                first.armReads++;
            } catch (RuntimeException e) {
                cycle.close("VM_READ_FAILED");
                toRestart.forEach(w -> failed(w, e, ReasonCode.ARM_READ_FAILED));
                return;
            }
            if (PowerState.of(fresh.powerState()) != PowerState.RUNNING || fresh.nicIds().isEmpty()) {
                cycle.close("NOT_RUNNING_ANY_MORE");
                cycle = null;
                vm = fresh;
                power = PowerState.of(fresh.powerState());
                for (NicWork w : toRestart) {
                    if (assess(w, fresh, power)) {
                        act(w, new ArrayList<>());
                    }
                }
                return;
            }
            List<NicWork> inCycle = new ArrayList<>(toRestart);
            inCycle.addAll(siblings(fresh));
            try {
                cycle.deallocate();
                first.armWrites++;
            } catch (RuntimeException e) {
                ArmFailure f = ArmFailure.of(e);
                LOG.warnf("VM %s could not be stop-deallocated (%s); its NICs are left as they are", WireText.escape(vm.id()),
                        f.summary());
                inCycle.forEach(w -> failed(w, f, ReasonCode.VM_DEALLOCATE_FAILED));
                try {
                    // Refused, or failed half-way: leave the VM as it was before the attempt.
                    cycle.settle();
                } catch (RuntimeException again) {
                    LOG.warnf("the restart journal entry of VM %s stays open for a finisher: %s", WireText.escape(vm.id()),
                            ArmFailure.of(again).summary());
                }
                return;
            }
            Vm down = new Vm(fresh.id(), fresh.location(), fresh.size(), "deallocated", fresh.timeCreated(), fresh.nicIds(),
                    fresh.tags());
            for (NicWork w : inCycle) {
                MDC.put("nicId", WireText.escape(w.nicId));
                cycle.heartbeat();
                // Deallocation changed nothing on the NIC, but re-read: the write needs its current ETag.
                if (read(w) && assess(w, down, PowerState.DEALLOCATED)) {
                    if (w.assessment.remedy() == Remedy.WRITE) {
                        write(w, down, Decision.RESTARTED_AND_APPLIED);
                    } else {
                        settle(w);
                    }
                }
            }
            startAndClose(inCycle, cycle);
        }

        /** Starts the VM and closes its journal entry; the NICs written in the cycle are decided by how that went. */
        private void startAndClose(List<NicWork> inCycle, VmRestarts.RestartCycle held) {
            NicWork first = inCycle.isEmpty() ? null : inCycle.get(0);
            try {
                held.startAndClose();
                if (first != null) {
                    first.armWrites++;
                    first.armReads += held.armReads();
                }
            } catch (RuntimeException e) {
                ArmFailure f = ArmFailure.of(e);
                for (NicWork w : inCycle) {
                    if (w.written != null) {
                        w.written = null;
                        failed(w, f, ReasonCode.VM_START_FAILED);
                    }
                }
            }
        }

        /**
         * The other NICs of the VM that need a change: the cycle covers them, so the VM is not
         * restarted again for their own events. Each is claimed under this source, after it was
         * read and judged, so a compliant one leaves no record.
         */
        private List<NicWork> siblings(Vm fresh) {
            Set<String> known = new HashSet<>();
            works.forEach(w -> known.add(w.nicId.toLowerCase(Locale.ROOT)));
            List<NicWork> added = new ArrayList<>();
            for (String nicId : fresh.nicIds()) {
                if (!known.add(nicId.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                NicWork s = new NicWork(nicId, ResourceId.parseNic(nicId).subscriptionId());
                try {
                    Optional<NicGateway.Snapshot> read = nics.read(nicId);
                    s.armReads++;
                    if (read.isEmpty()) {
                        continue;
                    }
                    s.snapshot = read.get();
                    Assessment a = judge(s.snapshot.nic(), fresh, PowerState.RUNNING);
                    if (a.remedy() != Remedy.WRITE && a.remedy() != Remedy.WRITE_WHEN_DEALLOCATED) {
                        continue;
                    }
                    s.assessment = a;
                    s.claim = claims.acquire(source, s.subscriptionId, nicId);
                } catch (RuntimeException e) {
                    continue; // a sibling is a bonus: its own event will handle it
                }
                if (!s.claim.acquired()) {
                    continue;
                }
                s.before = settings(s.snapshot.nic());
                s.after = s.before;
                works.add(s);
                added.add(s);
            }
            return added;
        }

        /** Records what was decided, or releases the claims of what must be delivered again. */
        void finish() {
            for (NicWork w : works) {
                MDC.put("nicId", WireText.escape(w.nicId));
                if (w.claim == null || !w.claim.acquired()) {
                    continue;
                }
                if (w.retry != null) {
                    // Waiting for another delivery's restart is bounded by its lease, not counted.
                    if (!countsAsFailure(w.retry) || w.claim.transientFailures() + 1 < config.maxTransientAttempts()) {
                        release(w);
                        continue;
                    }
                    String code = w.retryFailure == null ? null : w.retryFailure.armErrorCode();
                    LOG.warnf("NIC %s: giving up after %d transient failures (last: %s)", WireText.escape(w.nicId),
                            w.claim.transientFailures() + 1, w.retryMessage);
                    w.retry = null;
                    w.decide(Decision.FAILED, List.of(ReasonCode.RETRIES_EXHAUSTED.name()), code, w.tier());
                } else if (w.decision == null && w.written != null) {
                    w.decide(w.written, List.of());
                } else if (w.decision == null) {
                    // Every path decides or retries; should one not, the claim is released, never left held.
                    w.retry(RetryCode.TRANSIENT_FAILURE, "no decision was reached", null);
                    release(w);
                    continue;
                }
                record(w);
            }
        }

        private void release(NicWork w) {
            try {
                claims.release(w.claim, w.retry.name() + ": " + w.retryMessage, countsAsFailure(w.retry));
            } catch (RuntimeException e) {
                LOG.debugf("could not release the claim of NIC %s (%s); it expires after the lease", WireText.escape(w.nicId),
                        ArmFailure.of(e).summary());
            }
            meters.counter("accelconn.enforcement.retries", "code", w.retry.name()).increment();
        }

        private void record(NicWork w) {
            NicDecision d = w.decision;
            try {
                claims.complete(w.claim, source, w.subscriptionId, d, w.before, w.after, mode,
                        Duration.ofNanos(System.nanoTime() - w.started).toMillis());
            } catch (RuntimeException e) {
                w.decision = null;
                w.retry(e instanceof ClaimLostException ? RetryCode.IN_PROGRESS : RetryCode.TRANSIENT_FAILURE,
                        "the decision could not be recorded: " + ArmFailure.of(e).summary(), null);
                return;
            }
            latency.record(Duration.ofNanos(System.nanoTime() - w.started));
            meters.counter("accelconn.enforcement.decisions", "decision", d.decision().name(), "mode", mode.wire())
                    .increment();
            if (d.decision() == Decision.FAILED) {
                LOG.warnf("NIC %s: FAILED %s (ARM error %s)", WireText.escape(w.nicId), d.reasons(),
                        d.armErrorCode() == null ? "none" : WireText.escape(d.armErrorCode()));
            } else {
                LOG.debugf("NIC %s: %s %s", WireText.escape(w.nicId), d.decision(), d.reasons());
            }
        }

        private void failed(NicWork w, RuntimeException e, ReasonCode reason) {
            failed(w, ArmFailure.of(e), reason);
        }

        private void failed(NicWork w, ArmFailure f, ReasonCode reason) {
            if (f.permanent()) {
                w.fail(reason.name(), f);
            } else {
                LOG.infof("NIC %s: %s; asking for a redelivery", WireText.escape(w.nicId), f.summary());
                w.retry(RetryCode.TRANSIENT_FAILURE, f.summary(), f);
            }
        }
    }

    /** The NIC judged against the policy with its VM's size (or its size tag) and power state. */
    private Assessment judge(Nic nic, Vm vm, PowerState power) {
        String size = vm != null ? vm.size() : Tags.get(nic.tags(), config.vmSizeTag());
        if (size != null && Regions.isSupported(nic.location())) {
            liveSizes.ensureKnown(size, nic.subscriptionId(), nic.location());
        }
        Candidate c = new Candidate(nic.location(), size, nic.acceleratedNetworking(), nic.subscriptionId(), nic.tags(),
                vm == null ? Map.of() : vm.tags(), nic.auxiliaryMode(), false);
        return eligibility.assess(c, settings(nic), power);
    }

    private static boolean countsAsFailure(RetryCode code) {
        return code == RetryCode.TRANSIENT_FAILURE;
    }

    private static boolean needsWrite(Assessment a) {
        return a != null && (a.remedy() == Remedy.WRITE || a.remedy() == Remedy.WRITE_WHEN_DEALLOCATED);
    }

    private boolean mayRestart(Vm vm) {
        if (vm == null || !config.restartRunningVms() || !Tags.isTrue(vm.tags(), config.allowRestartTag())) {
            return false;
        }
        OffsetDateTime created = vm.timeCreated();
        return created != null && Duration.between(created, OffsetDateTime.now()).compareTo(config.restartGracePeriod()) <= 0;
    }

    /** What a write sets: mode, tier and the required tags (as the NIC's merged tags spell them). */
    private NicSettings target(Assessment a) {
        NicSettings desired = a.desired();
        Map<String, String> required = new java.util.LinkedHashMap<>();
        for (String name : eligibility.settings().requiredTags().keySet()) {
            String key = Tags.findKey(desired.tags(), name);
            required.put(key == null ? name : key, key == null ? eligibility.settings().requiredTags().get(name)
                    : desired.tags().get(key));
        }
        return new NicSettings(desired.auxiliaryMode(), desired.auxiliarySku(), required);
    }

    /** The NIC carries the target's mode, tier and tags (tag names and values compared as Azure and the policy do). */
    static boolean reached(NicSettings current, NicSettings target) {
        if (!equalsIgnoreCase(current.auxiliaryMode(), target.auxiliaryMode())
                || !equalsIgnoreCase(current.auxiliarySku(), target.auxiliarySku())) {
            return false;
        }
        for (Map.Entry<String, String> t : target.tags().entrySet()) {
            if (!equalsIgnoreCase(Tags.get(current.tags(), t.getKey()), t.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }

    static NicSettings settings(Nic nic) {
        return new NicSettings(nic.auxiliaryMode(), nic.auxiliarySku(), nic.tags());
    }
}
