package io.accelconn.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.audit.AuditRecord;
import io.accelconn.audit.AuditStore;
import io.accelconn.audit.Claim;
import io.accelconn.azure.InvalidResourceIdException;
import io.accelconn.azure.ResourceId;
import io.accelconn.azure.Vm;
import io.accelconn.azure.VmGateway;
import io.accelconn.eligibility.EligibilityService;
import io.accelconn.logging.LogContext;
import io.accelconn.policy.NicSettings;
import io.accelconn.policy.ReasonCode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The event-driven path: for each NIC or VM write event, claim it in the audit table (Event
 * Grid delivers at least once, sometimes concurrently), enforce, and record the decision on
 * the claim. A duplicate delivery finds the record and does nothing else.
 */
@ApplicationScoped
public class EventService {

    private static final Logger LOG = Logger.getLogger(EventService.class);

    private final NicEnforcer enforcer;
    private final VmGateway vms;
    private final AuditStore audit;
    private final EligibilityService eligibility;
    private final EnforceConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public EventService(NicEnforcer enforcer, VmGateway vms, AuditStore audit, EligibilityService eligibility,
            EnforceConfig config, ObjectMapper mapper, MeterRegistry meters) {
        this.enforcer = enforcer;
        this.vms = vms;
        this.audit = audit;
        this.eligibility = eligibility;
        this.config = config;
        this.mapper = mapper;
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
                        + " of the delivery; Event Grid should deliver it again");
            } else {
                r = LogContext.withEvent(item.id(), () -> handle(item.event()));
            }
            EventMeters.record(meters, item, r, started);
            results.add(r);
        }
        return results;
    }

    public EventResult handle(ResourceEvent e) {
        long started = System.nanoTime();
        if (!e.isNicWrite() && !e.isVmWrite()) {
            return EventResult.ignored(e.id(), "accelconn acts on ResourceWriteSuccess of NICs and VMs only, not "
                    + e.type() + (e.operationName() == null ? "" : " " + e.operationName()));
        }
        ResourceId id;
        try {
            id = e.isNicWrite() ? ResourceId.parseNic(e.resourceUri()) : ResourceId.parseVm(e.resourceUri());
        } catch (InvalidResourceIdException bad) {
            return EventResult.rejected(e.id(), bad.reasonCode(), bad.getMessage());
        }
        try {
            if (!eligibility.settings().isEnrolled(id.subscriptionId())) {
                NicDecision d = new NicDecision(id.toString(), "OUT_OF_SCOPE",
                        List.of(ReasonCode.SUBSCRIPTION_NOT_ENROLLED.name()), null, 0, 0);
                return handled(e, List.of(record(e, id.subscriptionId(), id.toString(), started,
                        () -> new NicEnforcer.Result(d, null, null))));
            }
            if (e.isNicWrite()) {
                return handled(e, List.of(record(e, id.subscriptionId(), id.toString(), started,
                        () -> enforcer.enforce(id.toString(), null))));
            }
            Vm vm = vms.get(id.toString()).orElse(null);
            if (vm == null) {
                return new EventResult(e.id(), 200, "HANDLED", "NOT_FOUND", "VM " + id + " no longer exists", List.of());
            }
            List<NicDecision> decisions = new ArrayList<>(vm.nicIds().size());
            for (String nicId : vm.nicIds()) {
                String sub = ResourceId.parseNic(nicId).subscriptionId();
                decisions.add(record(e, sub, nicId, started, () -> enforcer.enforce(nicId, vm)));
            }
            return handled(e, decisions);
        } catch (RetryLater r) {
            return EventResult.retry(e.id(), r.code, r.getMessage());
        } catch (RuntimeException failure) {
            LOG.warnf(failure, "event %s for %s failed; asking Event Grid to deliver it again", e.id(), e.resourceUri());
            return EventResult.retry(e.id(), "TRANSIENT_FAILURE", failure.getClass().getSimpleName() + ": "
                    + failure.getMessage());
        }
    }

    private static EventResult handled(ResourceEvent e, List<NicDecision> decisions) {
        boolean duplicate = decisions.stream().allMatch(d -> "DUPLICATE".equals(d.decision()));
        return new EventResult(e.id(), 200, duplicate ? "DUPLICATE" : "HANDLED", null, null, decisions);
    }

    /** Claims (event, NIC), runs the work once, and writes its record onto the claim. */
    private NicDecision record(ResourceEvent e, String subscriptionId, String nicId, long started,
            java.util.function.Supplier<NicEnforcer.Result> work) {
        Claim claim = claim(subscriptionId, e.id(), nicId);
        if (!claim.acquired()) {
            AuditRecord done = claim.existing();
            return new NicDecision(nicId, "DUPLICATE", done.reasons(), done.tier(), 0, 0);
        }
        NicEnforcer.Result result;
        try {
            result = LogContext.withNic(nicId, work);
        } catch (RuntimeException failure) {
            audit.release(claim);
            throw failure;
        }
        NicDecision d = result.decision();
        audit.complete(claim, new AuditRecord(subscriptionId.toLowerCase(Locale.ROOT), d.nicId(), e.id(), e.correlationId(),
                e.form(), e.type(), e.operationName(), d.decision(), d.reasons(), d.tier(), json(result.before()),
                json(result.after()), config.mode().name().toLowerCase(Locale.ROOT),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), d.armReads(), d.armWrites(), Instant.now()));
        return d;
    }

    /** A concurrent delivery of the same event waits a little for the first to finish, then says so. */
    private Claim claim(String subscriptionId, String eventId, String nicId) {
        long waitUntil = System.nanoTime() + config.duplicateWait().toNanos();
        while (true) {
            Claim claim = audit.claim(subscriptionId, eventId, nicId, config.claimLease());
            if (!claim.inProgress()) {
                return claim;
            }
            if (System.nanoTime() > waitUntil) {
                throw new RetryLater("IN_PROGRESS", "another delivery of event " + eventId + " is still working on " + nicId);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new RetryLater("INTERRUPTED", "interrupted while waiting for a concurrent delivery");
            }
        }
    }

    private String json(NicSettings s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auxiliaryMode", s.auxiliaryMode());
        m.put("auxiliarySku", s.auxiliarySku());
        m.put("tags", s.tags());
        try {
            return mapper.writeValueAsString(m);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Not an error of the event: Event Grid should deliver it again later. */
    static final class RetryLater extends RuntimeException {
        final String code;

        RetryLater(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
