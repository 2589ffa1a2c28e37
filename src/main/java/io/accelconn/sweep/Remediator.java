package io.accelconn.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import com.azure.core.management.exception.ManagementException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.audit.AuditRecord;
import io.accelconn.audit.AuditStore;
import io.accelconn.audit.Claim;
import io.accelconn.azure.FleetNic;
import io.accelconn.azure.LongRunningOperationException;
import io.accelconn.azure.NicNotFoundException;
import io.accelconn.enforcement.EnforceConfig;
import io.accelconn.enforcement.NicDecision;
import io.accelconn.enforcement.NicEnforcer;
import io.accelconn.enforcement.NicOutcome;
import io.accelconn.enforcement.Source;
import io.accelconn.policy.NicSettings;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sweep's one door to the write path: remediate one NIC of a run, and close the restart
 * journal entries a sweep meets. Everything else of the sweep is independent of how a NIC is
 * written, so swapping the write path (the enforcement package of the safety work) changes
 * this class only.
 * <p>
 * Today it claims {@code (runId, NIC)} in the audit table (so no NIC is written twice in a run,
 * whatever redeliveries or concurrent items do), lets {@code events/NicEnforcer} re-read the NIC
 * and decide and write with If-Match, and records the decision on the claim. A transient failure
 * releases the claim and is thrown, so the item fails and its redelivery tries again; a permanent
 * one (ARM refused with a 4xx, the operation ended Failed) is recorded FAILED with ARM's code.
 */
@ApplicationScoped
public class Remediator {

    private static final Logger LOG = Logger.getLogger(Remediator.class);
    static final String SOURCE = "sweep";
    static final String EVENT_TYPE = "io.accelconn.sweep.Remediation";

    /** What became of one NIC; reads and writes are ARM calls the enforcer made. */
    public record Outcome(SweepAction action, List<String> reasons, String tier, int armReads, int armWrites) {
    }

    private final NicEnforcer enforcer;
    private final AuditStore audit;
    private final EnforceConfig enforce;
    private final ObjectMapper mapper;

    public Remediator(NicEnforcer enforcer, AuditStore audit, EnforceConfig enforce, ObjectMapper mapper) {
        this.enforcer = enforcer;
        this.audit = audit;
        this.enforce = enforce;
        this.mapper = mapper;
    }

    /**
     * Brings {@code nic} to the desired state once per run. The NIC is re-read before any write;
     * its VM is read fresh too when it has one (its power state decides whether a write is
     * allowed, and the inventory's may be minutes old).
     */
    public Outcome remediate(String runId, FleetNic nic, EnforceConfig.Mode mode) {
        if (mode == EnforceConfig.Mode.AUDIT) {
            return new Outcome(SweepAction.WOULD_REMEDIATE, List.of(), null, 0, 0);
        }
        NicOutcome o = enforcer.enforce(Source.sweep(runId), nic.nic().id(), null, mode);
        if (o.retry()) {
            // The claim is released; the item fails and its redelivery tries again.
            throw new IllegalStateException(o.retryCode() + ": " + o.retryMessage());
        }
        NicDecision d = o.decision();
        return new Outcome(SweepAction.ofDecision(d.decision().name()), d.reasons(), d.tier(), d.armReads(), d.armWrites());
    }

    /**
     * Finishes the restart journal entries of these subscriptions that an interrupted restart
     * left open. No journal exists yet (it comes with the safety work, whose restart path will
     * keep one): there is nothing to finish, and the count is 0.
     */
    public int finishOpenRestarts(Collection<String> subscriptionIds) {
        return 0;
    }

    /** ARM's answer says trying again cannot help: the code to record, else null (transient). */
    private static String permanentCode(RuntimeException e) {
        if (e instanceof LongRunningOperationException lro) {
            return lro.reasonCode();
        }
        if (e instanceof ManagementException me && me.getResponse() != null) {
            int status = me.getResponse().getStatusCode();
            if (status >= 400 && status < 500 && status != 408 && status != 409 && status != 412 && status != 429) {
                return me.getValue() != null && me.getValue().getCode() != null ? me.getValue().getCode() : "HTTP_" + status;
            }
        }
        return null;
    }

    private static String auditDecision(SweepAction action) {
        return switch (action) {
            case WOULD_REMEDIATE -> "WOULD_APPLY";
            default -> action.name();
        };
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
}
