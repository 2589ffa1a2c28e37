package io.accelconn.enforcement;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.accelconn.api.WireText;
import io.accelconn.audit.RestartEntry;
import io.accelconn.audit.RestartJournal;
import io.accelconn.azure.ArmFailure;
import io.accelconn.azure.ResourceId;
import io.accelconn.azure.Vm;
import io.accelconn.azure.VmGateway;
import io.accelconn.logging.LogContext;
import io.accelconn.policy.PowerState;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Restarts of VMs, journaled so that none is ever left stopped. Before accelconn deallocates a
 * VM it opens the VM's journal entry; it closes it once the VM was started and reports running.
 * An open entry is the VM-level lock: one cycle per VM at a time, and a second delivery that
 * needs the same VM restarted never deallocates it again while the first holds it.
 * <p>
 * Whoever meets an open entry that nobody holds any more (its cycle failed to start the VM, or
 * its worker died and the lease ran out) finishes it: a later delivery touching the VM, the
 * {@code restart-journal} timer, app start, and the sweep ({@link #finishOpen}). What a finisher
 * may do depends on what the VM says now:
 * <ul>
 * <li>deallocated, and the entry says accelconn asked for the deallocation: accelconn stopped it,
 * so it starts it (only {@code running} VMs are ever journaled), then closes the entry;</li>
 * <li>deallocated, but the deallocation was never asked for: the worker died before it; the
 * owner deallocated the VM, which stays as it is; the entry is closed;</li>
 * <li>running: closed; stopped (not deallocated): its owner stopped it, which accelconn never
 * does; closed without a start, the note says so;</li>
 * <li>starting, stopping, deallocating or no power state: left open for the next finisher;</li>
 * <li>the VM is gone (404): closed.</li>
 * </ul>
 */
@ApplicationScoped
public class VmRestarts {

    private static final Logger LOG = Logger.getLogger(VmRestarts.class);
    static final String RUNNING = "running";

    /** Another live cycle holds the VM. */
    static final class Busy extends RuntimeException {
        Busy() {
            super(null, null, false, false);
        }
    }

    /** What one pass over the open entries did; the {@code restart-journal} function answers it. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record FinishReport(int open, int started, int closed, int waiting, int failed) {
    }

    private final RestartJournal journal;
    private final VmGateway vms;
    private final EnforceConfig config;
    private final MeterRegistry meters;

    /** Cycles this instance holds now: VMs it may have stopped and not yet started again. */
    private final AtomicInteger inFlight = new AtomicInteger();

    VmRestarts(RestartJournal journal, VmGateway vms, EnforceConfig config, MeterRegistry meters) {
        this.journal = journal;
        this.vms = vms;
        this.config = config;
        this.meters = meters;
        meters.gauge("accelconn.enforcement.restarts.in.flight", inFlight);
    }

    /**
     * Opens the VM's entry for a new cycle on a running VM: creates it, reopens a closed one, or
     * takes over an open one nobody holds (the VM runs, so its cycle has nothing left to do).
     *
     * @throws Busy another live cycle holds the VM
     */
    RestartCycle open(Vm vm, Source source) {
        String holder = UUID.randomUUID().toString();
        String sub = subscription(vm);
        for (int round = 0; round < 3; round++) {
            Instant now = Instant.now();
            Optional<RestartEntry> existing = journal.find(vm.id(), sub);
            Optional<RestartEntry> opened;
            if (existing.isEmpty()) {
                opened = journal.create(RestartEntry.open(vm.id(), sub, RUNNING, source.id(), holder, now));
            } else if (existing.get().isOpen() && live(existing.get(), now)) {
                throw new Busy();
            } else {
                opened = journal.replace(existing.get().reopened(RUNNING, source.id(), holder, now));
            }
            if (opened.isPresent()) {
                step("opened");
                return new RestartCycle(opened.get(), holder, false);
            }
        }
        throw new Busy();
    }

    /**
     * The cycle of a deallocated VM whose open entry nobody holds and whose deallocation
     * accelconn asked for: taken over, so the caller writes what it must while the VM is down
     * and then starts it. Empty when the VM has no open entry (its owner deallocated it).
     *
     * @throws Busy another live cycle holds the VM
     */
    Optional<RestartCycle> resume(Vm vm) {
        Instant now = Instant.now();
        RestartEntry entry = journal.find(vm.id(), subscription(vm)).filter(RestartEntry::isOpen).orElse(null);
        if (entry == null) {
            return Optional.empty();
        }
        if (live(entry, now)) {
            throw new Busy();
        }
        if (entry.deallocateRequestedAt() == null) {
            journal.replace(entry.closed("NOT_DEALLOCATED_BY_ACCELCONN", now));
            return Optional.empty();
        }
        String holder = UUID.randomUUID().toString();
        RestartEntry taken = journal.replace(entry.heldBy(holder, now)).orElseThrow(Busy::new);
        step("resumed");
        LOG.infof("resuming the open restart of VM %s (opened by %s): it is deallocated and will be started",
                WireText.escape(vm.id()), WireText.escape(entry.source()));
        return Optional.of(new RestartCycle(taken, holder, true));
    }

    /** Whether a live restart cycle holds the VM: accelconn is moving it between power states now. */
    boolean inCycle(Vm vm) {
        Instant now = Instant.now();
        return journal.find(vm.id(), subscription(vm)).filter(e -> e.isOpen() && live(e, now)).isPresent();
    }

    /**
     * Finishes the open entries of one subscription, or of all (null): the {@code restart-journal}
     * timer, app start, and the sweep for its subscriptions call this.
     */
    public FinishReport finishOpen(String subscriptionId) {
        int open = 0;
        int started = 0;
        int closed = 0;
        int waiting = 0;
        int failed = 0;
        for (RestartEntry entry : journal.listOpen(subscriptionId)) {
            open++;
            switch (finish(entry)) {
                case STARTED -> started++;
                case CLOSED -> closed++;
                case WAITING -> waiting++;
                case FAILED -> failed++;
            }
        }
        return new FinishReport(open, started, closed, waiting, failed);
    }

    enum Finished {
        STARTED, CLOSED, WAITING, FAILED
    }

    private Finished finish(RestartEntry entry) {
        try (LogContext log = LogContext.vm(entry.vmId())) {
            Instant now = Instant.now();
            if (live(entry, now)) {
                return Finished.WAITING;
            }
            String holder = UUID.randomUUID().toString();
            Optional<RestartEntry> taken = journal.replace(entry.heldBy(holder, now));
            if (taken.isEmpty()) {
                return Finished.WAITING; // another finisher moved first
            }
            Finished done = new RestartCycle(taken.get(), holder, entry.deallocateRequestedAt() != null).settle();
            if (done == Finished.STARTED) {
                step("finished");
            }
            return done;
        }
    }

    /** Held by a cycle that gave a sign of life within the lease. */
    private boolean live(RestartEntry entry, Instant now) {
        return entry.holder() != null && entry.heartbeatAt() != null
                && entry.heartbeatAt().plus(config.claimLease()).isAfter(now);
    }

    private static String subscription(Vm vm) {
        return ResourceId.parseVm(vm.id()).subscriptionId().toLowerCase(Locale.ROOT);
    }

    private void step(String step) {
        meters.counter("accelconn.enforcement.restarts", "step", step).increment();
    }

    /**
     * One restart cycle of one VM, holding its journal entry. Every change of the entry is
     * conditional; if a finisher took the entry over meanwhile (this cycle was too slow), the
     * cycle goes on, as both only ever move the VM towards running, and says so in the log.
     */
    final class RestartCycle {
        private RestartEntry entry;
        private final String holder;
        private boolean deallocated;
        /** Until closed or released, this cycle holds the VM; nobody else may finish it within the lease. */
        private boolean held = true;
        private int armReads;
        private int armWrites;

        private RestartCycle(RestartEntry entry, String holder, boolean deallocated) {
            this.entry = entry;
            this.holder = holder;
            this.deallocated = deallocated;
            inFlight.incrementAndGet();
        }

        /**
         * Deallocates the VM, recording first that accelconn asked for it: without that record
         * no finisher would know to start it again, so a journal that cannot be written stops here.
         */
        void deallocate() {
            entry = journal.replace(entry.deallocating(Instant.now())).orElseThrow(Busy::new);
            LOG.infof("stop-deallocating VM %s to change its NICs (allowed by tag %s); journal entry open",
                    WireText.escape(entry.vmId()), config.allowRestartTag());
            deallocated = true;
            armWrites++;
            vms.deallocate(entry.vmId());
            step("deallocated");
            heartbeat();
        }

        void heartbeat() {
            save(entry.heldBy(holder, Instant.now()));
        }

        /**
         * Starts the VM and closes the entry once it reports running. On a failure the entry
         * stays open, held by nobody, with the error, for the next finisher; the failure is thrown.
         */
        void startAndClose() {
            save(entry.starting(Instant.now()));
            try {
                armWrites++;
                vms.start(entry.vmId());
                Vm after = vms.require(entry.vmId());
                armReads++;
                if (!RUNNING.equalsIgnoreCase(after.powerState())) {
                    release("VM_NOT_RUNNING_AFTER_START " + WireText.escape(after.powerState()));
                    return;
                }
            } catch (RuntimeException e) {
                ArmFailure f = ArmFailure.of(e);
                step("start_failed");
                LOG.errorf("VM %s could not be started again (%s); its restart journal entry stays open and a finisher "
                        + "will start it", WireText.escape(entry.vmId()), f.summary());
                release("VM_START_FAILED " + (f.armErrorCode() != null ? f.armErrorCode() : f.summary()));
                throw e;
            }
            step("started");
            close(null);
        }

        /**
         * Brings the entry to an end as the VM now stands (see the class comment): what a finisher
         * does, and what a cycle does when its deallocation failed.
         */
        Finished settle() {
            Optional<Vm> vm;
            try {
                vm = vms.get(entry.vmId());
            } catch (RuntimeException e) {
                release("VM_READ_FAILED " + ArmFailure.of(e).summary());
                return Finished.FAILED;
            }
            if (vm.isEmpty()) {
                close("VM_NOT_FOUND");
                return Finished.CLOSED;
            }
            switch (PowerState.of(vm.get().powerState())) {
                case DEALLOCATED -> {
                    if (!deallocated || !RUNNING.equalsIgnoreCase(entry.priorPowerState())) {
                        close("NOT_DEALLOCATED_BY_ACCELCONN");
                        return Finished.CLOSED;
                    }
                    try {
                        startAndClose();
                        return Finished.STARTED;
                    } catch (RuntimeException e) {
                        return Finished.FAILED; // released with the error by startAndClose
                    }
                }
                case RUNNING, NO_VM -> {
                    close(null);
                    return Finished.CLOSED;
                }
                case STOPPED -> {
                    close("OWNER_STOPPED_VM: left stopped, as its owner chose");
                    return Finished.CLOSED;
                }
                default -> {
                    release(null);
                    return Finished.WAITING;
                }
            }
        }

        /** Nothing (more) to do: the VM is as it should be. */
        void close(String note) {
            letGo();
            save(entry.closed(note, Instant.now()));
        }

        /** Leaves the entry open for the next finisher. */
        void release(String error) {
            letGo();
            save(entry.released(error, Instant.now()));
        }

        private void letGo() {
            if (held) {
                held = false;
                inFlight.decrementAndGet();
            }
        }

        /** Neither closed nor released yet: whoever took the cycle must still end it. */
        boolean held() {
            return held;
        }

        boolean deallocated() {
            return deallocated;
        }

        int armReads() {
            return armReads;
        }

        int armWrites() {
            return armWrites;
        }

        /**
         * Keeps the entry's new state. Once the VM is deallocated nothing here may stop the cycle
         * from starting it: a journal that cannot be written is logged and the cycle goes on (the
         * entry stays open, and a finisher closes it once it sees the VM running).
         */
        private void save(RestartEntry next) {
            try {
                Optional<RestartEntry> saved = journal.replace(next);
                if (saved.isPresent()) {
                    entry = saved.get();
                    return;
                }
                LOG.warnf("the restart journal entry of VM %s was taken over by a finisher; carrying on, as both start it",
                        WireText.escape(entry.vmId()));
                entry = journal.find(entry.vmId(), entry.subscriptionId()).orElse(next);
            } catch (RuntimeException e) {
                LOG.warnf("the restart journal entry of VM %s could not be updated (%s); carrying on",
                        WireText.escape(entry.vmId()), ArmFailure.of(e).summary());
                entry = next;
            }
        }
    }
}
