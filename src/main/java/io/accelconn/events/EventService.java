package io.accelconn.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.accelconn.api.WireText;
import io.accelconn.azure.ArmFailure;
import io.accelconn.azure.InvalidResourceIdException;
import io.accelconn.azure.ResourceId;
import io.accelconn.azure.Vm;
import io.accelconn.azure.VmGateway;
import io.accelconn.eligibility.EligibilityService;
import io.accelconn.enforcement.Decision;
import io.accelconn.enforcement.NicDecision;
import io.accelconn.enforcement.NicEnforcer;
import io.accelconn.enforcement.NicOutcome;
import io.accelconn.enforcement.RetryCode;
import io.accelconn.logging.LogContext;
import io.accelconn.policy.ReasonCode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The event-driven path: for each NIC or VM write event, hand its NICs to the write path
 * ({@link NicEnforcer}, which claims each (event, NIC), decides and records) and answer Event Grid:
 * 200 when every NIC is decided, 503 when one must be delivered again.
 */
@ApplicationScoped
public class EventService {

    private static final Logger LOG = Logger.getLogger(EventService.class);

    private final NicEnforcer enforcer;
    private final VmGateway vms;
    private final EligibilityService eligibility;
    private final EventsConfig config;
    private final MeterRegistry meters;

    public EventService(NicEnforcer enforcer, VmGateway vms, EligibilityService eligibility, EventsConfig config,
            MeterRegistry meters) {
        this.enforcer = enforcer;
        this.vms = vms;
        this.eligibility = eligibility;
        this.config = config;
        this.meters = meters;
    }

    /** Handles a delivery's events in order; those not started before the batch deadline are left for a retry. */
    public List<EventResult> handleAll(List<EventForms.Item> items) {
        long deadline = System.nanoTime() + config.batchDeadline().toNanos();
        List<EventResult> results = new ArrayList<>(items.size());
        for (EventForms.Item item : items) {
            long started = System.nanoTime();
            EventResult r;
            if (item.error() != null) {
                r = EventResult.rejected(item.id(), item.error().code(), item.error().getMessage());
            } else if (System.nanoTime() > deadline) {
                r = EventResult.retry(item.id(), "DEADLINE", "not started within " + config.batchDeadline()
                        + " of the delivery; Event Grid should deliver it again", List.of());
            } else {
                r = LogContext.withEvent(item.id(), () -> handle(item.event()));
            }
            EventMeters.record(meters, item, r, started);
            results.add(r);
        }
        return results;
    }

    public EventResult handle(ResourceEvent e) {
        if (!e.isNicWrite() && !e.isVmWrite()) {
            return EventResult.ignored(e.id(), "accelconn acts on ResourceWriteSuccess of NICs and VMs only, not "
                    + WireText.escape(e.type()) + (e.operationName() == null ? "" : " " + WireText.escape(e.operationName())));
        }
        ResourceId id;
        try {
            id = e.isNicWrite() ? ResourceId.parseNic(e.resourceUri()) : ResourceId.parseVm(e.resourceUri());
        } catch (InvalidResourceIdException bad) {
            return EventResult.rejected(e.id(), bad.reasonCode(), bad.getMessage());
        }
        if (!eligibility.settings().isEnrolled(id.subscriptionId())) {
            return answer(e, List.of(enforcer.recordForResource(e.source(), id, Decision.OUT_OF_SCOPE,
                    ReasonCode.SUBSCRIPTION_NOT_ENROLLED, null)));
        }
        if (e.isNicWrite()) {
            return answer(e, List.of(enforcer.enforce(e.source(), id.toString(), null, null)));
        }
        Optional<Vm> vm;
        try {
            vm = vms.get(id.toString());
        } catch (RuntimeException failure) {
            ArmFailure f = ArmFailure.of(failure);
            if (!f.permanent()) {
                LOG.warnf("event %s: VM %s could not be read (%s); asking Event Grid to deliver it again",
                        WireText.escape(e.id()), id, f.summary());
                return EventResult.retry(e.id(), RetryCode.TRANSIENT_FAILURE.name(), f.summary(), List.of());
            }
            return answer(e, List.of(enforcer.recordForResource(e.source(), id, Decision.FAILED, ReasonCode.ARM_READ_FAILED,
                    f)));
        }
        if (vm.isEmpty()) {
            return new EventResult(e.id(), 200, "HANDLED", "NOT_FOUND", "VM " + id + " no longer exists", List.of());
        }
        return answer(e, enforcer.enforceVm(e.source(), vm.get(), null));
    }

    /** 200 with every decision; 503 when a NIC must be delivered again (the decided ones then answer as duplicates). */
    private static EventResult answer(ResourceEvent e, List<NicOutcome> outcomes) {
        List<NicDecision> decided = outcomes.stream().filter(o -> !o.retry()).map(NicOutcome::decision).toList();
        Optional<NicOutcome> retry = outcomes.stream().filter(NicOutcome::retry).findFirst();
        if (retry.isPresent()) {
            LOG.warnf("event %s: %s (%s); asking Event Grid to deliver it again", WireText.escape(e.id()),
                    retry.get().retryCode(), retry.get().retryMessage());
            return EventResult.retry(e.id(), retry.get().retryCode().name(), retry.get().retryMessage(), decided);
        }
        boolean duplicate = decided.stream().allMatch(d -> d.decision() == Decision.DUPLICATE);
        return new EventResult(e.id(), 200, duplicate ? "DUPLICATE" : "HANDLED", null, null, decided);
    }
}
