package io.accelconn.enforcement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.accelconn.api.WireText;
import io.accelconn.audit.ClaimLostException;
import io.accelconn.audit.Intent;
import io.accelconn.azure.ArmFailure;
import io.accelconn.azure.NicChange;
import io.accelconn.azure.NicGateway;
import io.accelconn.azure.NicNotFoundException;
import io.accelconn.azure.ResourceId;
import io.accelconn.azure.Vm;
import io.accelconn.azure.WriteOutcome;
import io.accelconn.logging.LogContext;
import io.accelconn.policy.Assessment;
import io.accelconn.policy.NicSettings;
import io.accelconn.policy.PowerState;
import io.accelconn.policy.ReasonCode;
import io.accelconn.policy.Remedy;

/**
 * One call of the write path ({@link NicEnforcer}): its NICs, their VM, and the restart cycle it
 * holds, if any. Claims and reads every NIC, judges it, writes what may be written now (the
 * intent first), restarts the VM once for the NICs that need it, and records or releases each
 * claim. Everything ARM or storage answers ends as a decision or a retry on the NIC's work; only
 * programming errors escape.
 */
final class EnforcementRun {

    private static final Logger LOG = Logger.getLogger(EnforcementRun.class);

    /** The NICs of the call, and the VM's other NICs a restart cycle took on. */
    final List<NicWork> works = new ArrayList<>();
    private final NicEnforcer enforcer;
    private final Source source;
    private final EnforceConfig.Mode mode;
    /** The call's log scope (NicEnforcer closes it): the NIC and VM worked on, and the NIC's ARM correlation id. */
    private final LogContext log;
    /** The VM came from the caller, read before the NICs. */
    private boolean vmReadFirst;
    private Vm vm;
    private PowerState power = PowerState.NO_VM;
    /** A cycle of the VM this run holds: opened for a restart, or resumed from an abandoned one. */
    private VmRestarts.RestartCycle cycle;
    /** Another delivery is restarting the VM: what would write must wait for it. */
    private boolean vmBusy;
    /** A live restart cycle holds the VM (read once, when a between-states VM asks for it). */
    private Boolean inCycle;

    EnforcementRun(NicEnforcer enforcer, Source source, EnforceConfig.Mode mode, Vm knownVm, LogContext log) {
        this.enforcer = enforcer;
        this.source = source;
        this.mode = mode;
        this.log = log;
        this.vm = knownVm;
        this.vmReadFirst = knownVm != null;
    }

    private boolean refreshVm() {
        NicWork first = live().get(0);
        focus(first);
        try {
            Vm fresh = enforcer.vms.require(vm.id());
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
            focus(w);
            assess(w, vm, power);
        }
        if (vmReadFirst && live().stream().anyMatch(w -> enforcer.needsWrite(w.assessment))) {
            // The caller read the VM before its NICs were read: a resize or a start since then
            // must not be written over with a stale tier. Read it again before anything is written.
            if (!refreshVm()) {
                finish();
                return;
            }
            for (NicWork w : live()) {
                focus(w);
                assess(w, vm, power);
            }
        }
        List<NicWork> toRestart = new ArrayList<>();
        for (NicWork w : live()) {
            focus(w);
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

    /** Log lines and ARM calls from here on are this NIC's (its id, its ARM correlation id). */
    private void focus(NicWork w) {
        log.put(LogContext.NIC_ID, w.nicId).put(LogContext.ARM_CORRELATION_ID, w.armCorrelationId);
    }

    private void claimAndRead(NicWork w) {
        if (!claim(w)) {
            return;
        }
        if (!enforcer.eligibility.settings().isEnrolled(w.subscriptionId)) {
            w.decide(Decision.OUT_OF_SCOPE, List.of(ReasonCode.SUBSCRIPTION_NOT_ENROLLED.name()));
            return;
        }
        if (read(w)) {
            Intent intent = w.claim.intent();
            NicSettings earlier = intent == null ? null : enforcer.claims.settings(intent.before());
            w.before = earlier != null ? earlier : NicEnforcer.settings(w.snapshot.nic());
            w.after = NicEnforcer.settings(w.snapshot.nic());
        }
    }

    /** Claims (source, NIC); false when this run must not work on it (a duplicate, held elsewhere, storage down). */
    private boolean claim(NicWork w) {
        focus(w);
        try {
            w.claim = enforcer.claims.acquire(source, w.subscriptionId, w.nicId);
        } catch (Claims.HeldElsewhere e) {
            w.retry(RetryCode.IN_PROGRESS, "another delivery of " + WireText.escape(source.id())
                    + " is still working on this NIC", null);
            return false;
        } catch (RuntimeException e) {
            w.retry(RetryCode.TRANSIENT_FAILURE, "the audit table is unavailable: " + ArmFailure.of(e).summary(), null);
            return false;
        }
        if (!w.claim.acquired()) {
            var done = w.claim.existing();
            w.decision = new NicDecision(w.nicId, Decision.DUPLICATE, done.reasons(), done.armErrorCode(), done.tier(), 0,
                    0);
            w.recordedEarlier = recorded(done.decision());
            return false;
        }
        return true;
    }

    private static Decision recorded(String name) {
        try {
            return name == null ? null : Decision.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** A decision about a resource that is not read (see {@link NicEnforcer#recordForResource}). */
    void decideUnread(NicWork w, Decision decision, ReasonCode reason, ArmFailure failure) {
        works.add(w);
        if (claim(w)) {
            w.decide(decision, List.of(reason.name()), failure == null ? null : failure.armErrorCode(), null);
        }
        finish();
    }

    /** Reads the NIC into the work; false when ARM no longer knows it or could not say (the work then says why). */
    private boolean read(NicWork w) {
        try {
            Optional<NicGateway.Snapshot> read = enforcer.nics.read(w.nicId);
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
        if (vmReadFirst && works.size() == 1 && !sameResource(vm.id(), live().get(0).snapshot.nic().vmId())) {
            // The caller's VM is not this NIC's (any more): a sweep's inventory row can be minutes
            // old, and a NIC may have moved to another VM or been detached since. Judge by its own.
            vm = null;
            vmReadFirst = false;
        }
        if (vm == null) {
            NicWork first = live().get(0);
            focus(first);
            String vmId = first.snapshot.nic().vmId();
            if (vmId == null) {
                return true;
            }
            try {
                vm = enforcer.vms.require(vmId);
                first.armReads++;
            } catch (RuntimeException e) {
                ArmFailure f = ArmFailure.of(e);
                for (NicWork w : live()) {
                    failed(w, f, f.status() == 404 ? ReasonCode.VM_NOT_FOUND : ReasonCode.ARM_READ_FAILED);
                }
                return false;
            }
        }
        log.put(LogContext.VM_ID, vm.id());
        return true;
    }

    private static boolean sameResource(String a, String b) {
        return a != null && a.equalsIgnoreCase(b);
    }

    /**
     * A deallocated VM may be one accelconn stopped and did not start again: then this run
     * takes its cycle over and starts it. False when that could not be found out.
     */
    private boolean resume() {
        try {
            cycle = enforcer.restarts.resume(vm).orElse(null);
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
            w.assessment = enforcer.judge(w.snapshot.nic(), theVm, thePower);
            return true;
        } catch (RuntimeException e) {
            failed(w, e, ReasonCode.ARM_READ_FAILED);
            return false;
        }
    }

    /** An earlier attempt's write that ARM took though nobody saw it confirmed: the NIC shows its target. */
    private boolean landed(NicWork w) {
        Intent intent = w.claim.intent();
        NicSettings target = intent == null ? null : enforcer.claims.settings(intent.target());
        if (target == null || !NicEnforcer.reached(NicEnforcer.settings(w.snapshot.nic()), target)) {
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
        } else if (a.remedy() == Remedy.WRITE_WHEN_DEALLOCATED && power == PowerState.RUNNING && enforcer.mayRestart(vm)) {
            if (mode == EnforceConfig.Mode.AUDIT) {
                w.decide(Decision.WOULD_APPLY, w.reasons());
                w.after = a.desired();
            } else {
                toRestart.add(w);
            }
        } else if (a.remedy() == Remedy.WAIT && power == PowerState.TRANSITIONING) {
            waitForVm(w);
        } else {
            settle(w);
        }
    }

    /**
     * A VM between power states. When accelconn's own restart moves it (a live cycle holds its
     * journal entry), the NIC is left for a later delivery, which judges it against the VM as it
     * settles: a resize that lands during the restart must not end as a deferral nothing decides
     * again. A VM moving for its owner, or after a cycle let go, is deferred: only a cycle ends.
     */
    private void waitForVm(NicWork w) {
        try {
            if (inCycle == null) {
                inCycle = enforcer.restarts.inCycle(vm);
            }
        } catch (RuntimeException e) {
            w.retry(RetryCode.TRANSIENT_FAILURE, "the restart journal is unavailable: " + ArmFailure.of(e).summary(), null);
            return;
        }
        if (inCycle) {
            w.retry(RetryCode.VM_RESTART_IN_PROGRESS, "accelconn is restarting this NIC's VM; decided once it settles", null);
        } else {
            settle(w);
        }
    }

    /** Records the intent, writes with If-Match, and waits for Succeeded; after a 412 judges again. */
    private void write(NicWork w, Vm theVm, Decision as) {
        NicSettings target = enforcer.target(w.assessment);
        int writes = w.armWrites + 1 + (as == Decision.RESTARTED_AND_APPLIED && w.armWrites > 0 ? 1 : 0);
        try {
            w.claim = enforcer.claims.recordIntent(w.claim, w.before, target, as, writes);
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
            out = enforcer.nics.apply(w.snapshot, nic -> {
                if (state.round++ > 0) {
                    // A 412: the NIC changed under us, and its VM may have too (a resize, a start).
                    if (state.vmNow != null) {
                        state.vmNow = enforcer.vms.require(state.vmNow.id());
                        w.armReads++;
                    }
                    PowerState now = state.vmNow == null ? PowerState.NO_VM
                            : cycle != null && cycle.deallocated() ? PowerState.DEALLOCATED
                                    : PowerState.of(state.vmNow.powerState());
                    state.last = enforcer.judge(nic, state.vmNow, now);
                }
                if (state.last.remedy() != Remedy.WRITE) {
                    return Optional.empty();
                }
                NicSettings t = enforcer.target(state.last);
                if (NicEnforcer.reached(NicEnforcer.settings(nic), t)) {
                    return Optional.empty();
                }
                if (!t.equals(state.recorded)) {
                    w.claim = enforcer.claims.recordIntent(w.claim, w.before, t, as, writes);
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
            w.after = NicEnforcer.settings(out.after());
        } else if (out.attempts() > 1 && NicEnforcer.reached(NicEnforcer.settings(out.before()), state.recorded)) {
            // A 412, and the NIC shows what our PUT set: its answer was lost and its retry met
            // our own landed write. Recorded as ours, once.
            w.armWrites++;
            w.written = as;
            w.after = NicEnforcer.settings(out.before());
        } else {
            w.after = NicEnforcer.settings(out.before());
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
        focus(first);
        try {
            cycle = enforcer.restarts.open(vm, source);
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
            fresh = enforcer.vms.require(vm.id());
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
        Vm down = deallocated(fresh, first);
        for (NicWork w : inCycle) {
            focus(w);
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

    /**
     * The VM as the cycle's writes must see it: read again once deallocated, as its owner may have
     * resized it meanwhile (the tier follows the size). Should that read fail, the size read before
     * the deallocation is used: a resize is reported by its own event, decided after this cycle.
     */
    private Vm deallocated(Vm before, NicWork first) {
        Vm now = before;
        try {
            now = enforcer.vms.require(before.id());
            first.armReads++;
        } catch (RuntimeException e) {
            LOG.warnf("VM %s could not be read again after its deallocation (%s); its NICs are written for size %s",
                    WireText.escape(before.id()), ArmFailure.of(e).summary(), WireText.escape(before.size()));
        }
        return new Vm(now.id(), now.location(), now.size(), "deallocated", now.timeCreated(), before.nicIds(), now.tags());
    }

    /** Starts the VM and closes its journal entry; the NICs written in the cycle are decided by how that went. */
    private void startAndClose(List<NicWork> inCycle, VmRestarts.RestartCycle held) {
        NicWork first = inCycle.isEmpty() ? null : inCycle.get(0);
        if (first != null) {
            focus(first);
        }
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
            focus(s);
            try {
                Optional<NicGateway.Snapshot> read = enforcer.nics.read(nicId);
                s.armReads++;
                if (read.isEmpty()) {
                    continue;
                }
                s.snapshot = read.get();
                Assessment a = enforcer.judge(s.snapshot.nic(), fresh, PowerState.RUNNING);
                if (a.remedy() != Remedy.WRITE && a.remedy() != Remedy.WRITE_WHEN_DEALLOCATED) {
                    continue;
                }
                s.assessment = a;
                s.claim = enforcer.claims.acquire(source, s.subscriptionId, nicId);
            } catch (RuntimeException e) {
                continue; // a sibling is a bonus: its own event will handle it
            }
            if (!s.claim.acquired()) {
                continue;
            }
            s.before = NicEnforcer.settings(s.snapshot.nic());
            s.after = s.before;
            works.add(s);
            added.add(s);
        }
        return added;
    }

    /** Records what was decided, or releases the claims of what must be delivered again. */
    void finish() {
        for (NicWork w : works) {
            focus(w);
            if (w.claim == null || !w.claim.acquired()) {
                continue;
            }
            if (w.retry != null) {
                // Waiting for another delivery's restart is bounded by its lease, not counted.
                if (!enforcer.countsAsFailure(w.retry) || w.claim.transientFailures() + 1 < enforcer.config.maxTransientAttempts()) {
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
            enforcer.claims.release(w.claim, w.retry.name() + ": " + w.retryMessage, enforcer.countsAsFailure(w.retry));
        } catch (RuntimeException e) {
            LOG.debugf("could not release the claim of NIC %s (%s); it expires after the lease", WireText.escape(w.nicId),
                    ArmFailure.of(e).summary());
        }
        enforcer.meters.counter("accelconn.enforcement.retries", "code", w.retry.name()).increment();
    }

    private void record(NicWork w) {
        NicDecision d = w.decision;
        try {
            enforcer.claims.complete(w.claim, source, w.subscriptionId, d, w.before, w.after, mode,
                    Duration.ofNanos(System.nanoTime() - w.started).toMillis());
        } catch (RuntimeException e) {
            w.decision = null;
            w.retry(e instanceof ClaimLostException ? RetryCode.IN_PROGRESS : RetryCode.TRANSIENT_FAILURE,
                    "the decision could not be recorded: " + ArmFailure.of(e).summary(), null);
            return;
        }
        enforcer.latency.record(Duration.ofNanos(System.nanoTime() - w.started));
        enforcer.meters.counter("accelconn.enforcement.decisions", "decision", d.decision().name(), "mode", mode.wire())
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
