package io.accelconn.events;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.accelconn.azure.Nic;
import io.accelconn.catalog.LiveSizeCatalog;
import io.accelconn.azure.NicChange;
import io.accelconn.azure.NicGateway;
import io.accelconn.azure.Vm;
import io.accelconn.azure.VmGateway;
import io.accelconn.azure.WriteOutcome;
import io.accelconn.eligibility.EligibilityService;
import io.accelconn.policy.AuxiliaryMode;
import io.accelconn.policy.Candidate;
import io.accelconn.policy.Drift;
import io.accelconn.policy.NicSettings;
import io.accelconn.policy.PolicySettings;
import io.accelconn.policy.Reason;
import io.accelconn.policy.ReasonCode;
import io.accelconn.policy.Tags;
import io.accelconn.policy.Tier;
import io.accelconn.policy.Verdict;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Brings one NIC to the desired state: read it fresh, decide with the rules, write with
 * If-Match, or say exactly why not. Shared by the event path and (later) the sweep.
 */
@ApplicationScoped
public class NicEnforcer {

    private static final Logger LOG = Logger.getLogger(NicEnforcer.class);

    /** The result with the NIC state before and after, for the audit record. */
    public record Result(NicDecision decision, NicSettings before, NicSettings after) {
    }

    private final NicGateway nics;
    private final VmGateway vms;
    private final EligibilityService eligibility;
    private final EnforceConfig config;
    private final LiveSizeCatalog liveSizes;

    public NicEnforcer(NicGateway nics, VmGateway vms, EligibilityService eligibility, EnforceConfig config,
            LiveSizeCatalog liveSizes) {
        this.nics = nics;
        this.vms = vms;
        this.eligibility = eligibility;
        this.config = config;
        this.liveSizes = liveSizes;
    }

    /** @param knownVm the VM when the caller already read it (a VM write event), else null */
    public Result enforce(String nicId, Vm knownVm) {
        var counter = new int[] { 0, 0 };
        Optional<NicGateway.Snapshot> read = nics.read(nicId);
        counter[0]++;
        if (read.isEmpty()) {
            return new Result(new NicDecision(nicId, "NOT_FOUND", List.of(), null, counter[0], 0), null, null);
        }
        Nic nic = read.get().nic();
        NicSettings before = settings(nic);
        // Our own write raises a new NIC write event: a NIC that already carries the feature is
        // answered from this one read, which is what makes the handler loop-safe and cheap.
        if (alreadyCompliant(nic)) {
            return new Result(new NicDecision(nic.id(), "UNCHANGED", List.of(), nic.auxiliarySku(), counter[0], 0), before,
                    before);
        }
        Vm vm = knownVm;
        if (vm == null && nic.vmId() != null) {
            vm = vms.get(nic.vmId()).orElse(null);
            counter[0]++;
        }
        String size = vm != null ? vm.size() : Tags.get(nic.tags(), config.vmSizeTag());
        if (size == null) {
            return new Result(new NicDecision(nic.id(), "DEFERRED", List.of("NO_VM_SIZE"), null, counter[0], 0), before,
                    before);
        }
        liveSizes.ensureKnown(size, nic.subscriptionId(), nic.location());
        boolean running = vm != null && !"deallocated".equalsIgnoreCase(vm.powerState());
        Verdict verdict = eligibility.evaluate(candidate(nic, vm, size, running));
        if (running && onlyBlockedByRunningVm(verdict)) {
            if (!mayRestart(vm)) {
                return new Result(new NicDecision(nic.id(), "DEFERRED", codes(verdict), null, counter[0], 0), before,
                        before);
            }
            return restartAndApply(read.get(), vm, size, counter, before);
        }
        // Still `running`: when other rules fail too, the record names every reason, this one included.
        return decideAndWrite(read.get(), vm, size, running, counter, before, "APPLIED");
    }

    private Result decideAndWrite(NicGateway.Snapshot first, Vm vm, String size, boolean running, int[] counter,
            NicSettings before, String appliedDecision) {
        var last = new Object() {
            Verdict verdict;
            Drift drift;
        };
        boolean audit = config.mode() == EnforceConfig.Mode.AUDIT;
        WriteOutcome outcome = nics.apply(first, nic -> {
            last.verdict = eligibility.evaluate(candidate(nic, vm, size, running));
            if (!last.verdict.eligible()) {
                last.drift = null;
                return Optional.empty();
            }
            NicSettings current = settings(nic);
            NicSettings desired = current.desired(last.verdict.tier(), settings().requiredTags());
            last.drift = Drift.between(current, desired);
            if (last.drift.isEmpty() || audit) {
                return Optional.empty();
            }
            return Optional.of(new NicChange(desired.auxiliaryMode(), desired.auxiliarySku(), desired.tags()));
        });
        // apply reads again only when a 412 sent it back; the first read was ours.
        counter[0] += outcome.attempts() - 1;
        counter[1] += outcome.written() ? 1 : 0;
        Verdict v = last.verdict;
        String tier = v.tier() == null ? null : v.tier().name();
        if (!v.eligible()) {
            return new Result(new NicDecision(first.nic().id(), "INELIGIBLE", codes(v), null, counter[0], counter[1]),
                    before, before);
        }
        String decision = outcome.written() ? appliedDecision
                : last.drift.isEmpty() ? "UNCHANGED" : "WOULD_APPLY";
        NicSettings after = outcome.written() ? settings(outcome.after())
                : "WOULD_APPLY".equals(decision) ? settings(outcome.before()).desired(v.tier(), settings().requiredTags())
                        : settings(outcome.before());
        return new Result(new NicDecision(first.nic().id(), decision, codes(v), tier, counter[0], counter[1]), before,
                after);
    }

    private Result restartAndApply(NicGateway.Snapshot first, Vm vm, String size, int[] counter, NicSettings before) {
        if (config.mode() == EnforceConfig.Mode.AUDIT) {
            return decideAndWrite(first, vm, size, false, counter, before, "RESTARTED_AND_APPLIED");
        }
        LOG.infof("stop-deallocating VM %s to apply Accelerated Connections to NIC %s (allowed by tag %s)", vm.id(),
                first.nic().id(), config.allowRestartTag());
        vms.deallocate(vm.id());
        counter[1]++;
        try {
            // The deallocation changed nothing on the NIC, but re-read: the ETag must be current.
            NicGateway.Snapshot fresh = nics.read(first.nic().id()).orElse(first);
            counter[0]++;
            return decideAndWrite(fresh, vm, size, false, counter, before, "RESTARTED_AND_APPLIED");
        } finally {
            vms.start(vm.id());
            counter[1]++;
        }
    }

    private boolean mayRestart(Vm vm) {
        if (!config.restartRunningVms() || !Tags.isTrue(vm.tags(), config.allowRestartTag())) {
            return false;
        }
        OffsetDateTime created = vm.timeCreated();
        return created != null && Duration.between(created, OffsetDateTime.now()).compareTo(config.restartGracePeriod()) <= 0;
    }

    private boolean alreadyCompliant(Nic nic) {
        if (!AuxiliaryMode.isAcceleratedConnections(nic.auxiliaryMode())) {
            return false;
        }
        Optional<Tier> tier = Tier.parse(nic.auxiliarySku());
        if (tier.isEmpty()) {
            return false;
        }
        String override = Tags.get(nic.tags(), settings().tierPolicy().overrideTag());
        if (override != null && Tier.parse(override).map(t -> t != tier.get()).orElse(false)) {
            return false;
        }
        for (Map.Entry<String, String> r : settings().requiredTags().entrySet()) {
            String have = Tags.get(nic.tags(), r.getKey());
            if (have == null || !have.equalsIgnoreCase(r.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyBlockedByRunningVm(Verdict v) {
        return v.reasons().size() == 1 && v.has(ReasonCode.NIC_ATTACHED_TO_RUNNING_VM);
    }

    private static Candidate candidate(Nic nic, Vm vm, String size, boolean running) {
        return new Candidate(nic.location(), size, nic.acceleratedNetworking(), nic.subscriptionId(), nic.tags(),
                vm == null ? Map.of() : vm.tags(), nic.auxiliaryMode(), running);
    }

    private PolicySettings settings() {
        return eligibility.settings();
    }

    static NicSettings settings(Nic nic) {
        return new NicSettings(nic.auxiliaryMode(), nic.auxiliarySku(), nic.tags());
    }

    private static List<String> codes(Verdict v) {
        List<String> codes = new ArrayList<>(v.reasons().size());
        for (Reason r : v.reasons()) {
            codes.add(r.code().name());
        }
        return codes;
    }
}
