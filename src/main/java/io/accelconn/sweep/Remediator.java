package io.accelconn.sweep;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jboss.logging.Logger;

import io.accelconn.azure.ArmFailure;
import io.accelconn.enforcement.EnforceConfig;
import io.accelconn.enforcement.NicDecision;
import io.accelconn.enforcement.NicEnforcer;
import io.accelconn.enforcement.NicOutcome;
import io.accelconn.enforcement.RetryCode;
import io.accelconn.enforcement.Source;
import io.accelconn.enforcement.VmRestarts;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sweep's one door to the write path ({@link NicEnforcer}, shared with the event path):
 * remediate one NIC of a run, and finish the restart journal entries of the run's subscriptions.
 * <p>
 * The run id is the claim key ({@link Source#sweep}), so no NIC is written twice in a run whatever
 * redeliveries or concurrent items do, and every decision is in the audit table under the run id.
 * The enforcer reads the NIC and then its VM (its power state and size decide whether and what to
 * write; the inventory's may be minutes old);
 * a NIC that needs its VM restarted goes through the journaled restart when the deployment and the
 * VM's owner opted in.
 */
@ApplicationScoped
public class Remediator {

    private static final Logger LOG = Logger.getLogger(Remediator.class);

    /** What became of one NIC; reads and writes are ARM calls the enforcer made. */
    public record Outcome(SweepAction action, List<String> reasons, String tier, int armReads, int armWrites) {
    }

    /**
     * A transient failure left the NIC unrecorded (its claim released, with its intent): the work
     * item fails, and its redelivery remediates the NIC's PENDING row again, as Event Grid's
     * redelivery does for an event answered 503.
     */
    public static final class RetryLater extends RuntimeException {
        RetryLater(String nicId, NicOutcome outcome) {
            super(outcome.retryCode() + " for " + nicId + ": " + outcome.retryMessage(), null, false, false);
        }
    }

    private final NicEnforcer enforcer;

    public Remediator(NicEnforcer enforcer) {
        this.enforcer = enforcer;
    }

    /**
     * Brings the NIC to the desired state once per run, in the run's {@code mode}. The enforcer
     * reads the NIC and then its VM afresh: a write lane may run minutes after the inventory page.
     *
     * @throws RetryLater a transient failure; the item should be delivered again
     */
    public Outcome remediate(String runId, String nicId, EnforceConfig.Mode mode) {
        NicOutcome o = enforcer.enforce(Source.sweep(runId), nicId, null, mode);
        if (o.retry()) {
            if (o.retryCode() == RetryCode.IN_PROGRESS) {
                // A duplicate of this item holds the NIC: it records the decision and its row.
                return new Outcome(SweepAction.PENDING, List.of(o.retryCode().name()), null, 0, 0);
            }
            if (o.retryCode() == RetryCode.VM_RESTART_IN_PROGRESS) {
                // Another delivery (an event's) is restarting the VM and covers its NICs; waiting
                // for it here would hold the item. The next sweep sees what it did.
                return new Outcome(SweepAction.DEFERRED, List.of(o.retryCode().name()), null, 0, 0);
            }
            throw new RetryLater(nicId, o);
        }
        NicDecision d = o.decision();
        List<String> reasons = d.reasons();
        if (d.armErrorCode() != null) {
            // The report row's reasons carry ARM's own code, as the audit record's armErrorCode does.
            reasons = new ArrayList<>(reasons);
            reasons.add(d.armErrorCode());
        }
        return new Outcome(SweepAction.ofDecision(o.recorded()), reasons, d.tier(), d.armReads(), d.armWrites());
    }

    /**
     * Finishes the open restart journal entries of these subscriptions (a VM accelconn stopped and
     * could not start again is started); answers how many it started or closed.
     */
    public int finishOpenRestarts(Collection<String> subscriptionIds) {
        int settled = 0;
        for (String subscriptionId : subscriptionIds) {
            VmRestarts.FinishReport report;
            try {
                report = enforcer.finishRestarts(subscriptionId);
            } catch (RuntimeException e) {
                // The journal stays as it is; the timer and the next delivery that meets an entry finish it.
                LOG.warnf("restart journal of subscription %s could not be read: %s", subscriptionId,
                        ArmFailure.of(e).summary());
                continue;
            }
            if (report.failed() > 0) {
                LOG.warnf("restart journal of subscription %s: %d entries could not be finished now; the restart-journal "
                        + "timer tries again", subscriptionId, report.failed());
            }
            settled += report.started() + report.closed();
        }
        return settled;
    }
}
