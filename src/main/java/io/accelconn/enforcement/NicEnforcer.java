package io.accelconn.enforcement;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.accelconn.azure.ArmFailure;
import io.accelconn.azure.Nic;
import io.accelconn.azure.NicGateway;
import io.accelconn.azure.ResourceId;
import io.accelconn.azure.Vm;
import io.accelconn.azure.VmGateway;
import io.accelconn.catalog.LiveSizeCatalog;
import io.accelconn.eligibility.EligibilityService;
import io.accelconn.logging.LogContext;
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

    final NicGateway nics;
    final VmGateway vms;
    final EligibilityService eligibility;
    final LiveSizeCatalog liveSizes;
    final Claims claims;
    final VmRestarts restarts;
    final EnforceConfig config;
    final MeterRegistry meters;
    final Timer latency;

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
        try (LogContext log = source.logContext()) {
            NicWork w = new NicWork(resource.toString(), resource.subscriptionId());
            new EnforcementRun(this, source, config.mode(), null, log).decideUnread(w, decision, reason, failure);
            return w.outcome();
        }
    }

    /** Finishes open restart journal entries of one subscription, or of all (null). */
    public VmRestarts.FinishReport finishRestarts(String subscriptionId) {
        return restarts.finishOpen(subscriptionId);
    }

    private List<NicOutcome> run(Source source, List<String> nicIds, Vm knownVm, EnforceConfig.Mode mode) {
        // One scope for the call: each NIC's id and ARM correlation id are set in it as the run
        // turns to that NIC, and the caller's MDC is restored when it ends (pooled threads).
        try (LogContext log = source.logContext()) {
            EnforcementRun run = new EnforcementRun(this, source, mode == null ? config.mode() : mode, knownVm, log);
            for (String nicId : nicIds) {
                run.works.add(new NicWork(nicId, ResourceId.parseNic(nicId).subscriptionId()));
            }
            run.go();
            return run.works.stream().map(NicWork::outcome).toList();
        }
    }


    /** The NIC judged against the policy with its VM's size (or its size tag) and power state. */
    Assessment judge(Nic nic, Vm vm, PowerState power) {
        String size = vm != null ? vm.size() : Tags.get(nic.tags(), config.vmSizeTag());
        if (size != null && Regions.isSupported(nic.location())) {
            liveSizes.ensureKnown(size, nic.subscriptionId(), nic.location());
        }
        Candidate c = new Candidate(nic.location(), size, nic.acceleratedNetworking(), nic.subscriptionId(), nic.tags(),
                vm == null ? Map.of() : vm.tags(), nic.auxiliaryMode(), false);
        return eligibility.assess(c, settings(nic), power);
    }

    static boolean countsAsFailure(RetryCode code) {
        return code == RetryCode.TRANSIENT_FAILURE;
    }

    static boolean needsWrite(Assessment a) {
        return a != null && (a.remedy() == Remedy.WRITE || a.remedy() == Remedy.WRITE_WHEN_DEALLOCATED);
    }

    boolean mayRestart(Vm vm) {
        if (vm == null || !config.restartRunningVms() || !Tags.isTrue(vm.tags(), config.allowRestartTag())) {
            return false;
        }
        OffsetDateTime created = vm.timeCreated();
        return created != null && Duration.between(created, OffsetDateTime.now()).compareTo(config.restartGracePeriod()) <= 0;
    }

    /** What a write sets: mode, tier and the required tags (as the NIC's merged tags spell them). */
    NicSettings target(Assessment a) {
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
