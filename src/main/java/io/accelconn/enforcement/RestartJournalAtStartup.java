package io.accelconn.enforcement;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.accelconn.azure.ArmFailure;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * After app start, finishes the restarts an earlier instance left open (it may have died between a
 * deallocation and the start), on a background thread: boot never waits for storage or ARM, and
 * without storage configured this only logs that there was nothing to do. It waits
 * {@code accelconn.enforce.restart-journal-start-delay} first: building the storage and ARM clients
 * on a cold JVM costs seconds of CPU, which the request that woke the instance should not share.
 */
@ApplicationScoped
class RestartJournalAtStartup {

    private static final Logger LOG = Logger.getLogger(RestartJournalAtStartup.class);

    private final VmRestarts restarts;
    private final Duration delay;

    RestartJournalAtStartup(VmRestarts restarts, EnforceConfig config) {
        this.restarts = restarts;
        this.delay = config.restartJournalStartDelay();
    }

    void onStart(@Observes StartupEvent start) {
        Thread t = new Thread(this::finish, "accelconn-restart-journal-at-start");
        t.setDaemon(true);
        t.start();
    }

    private void finish() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            VmRestarts.FinishReport report = restarts.finishOpen(null);
            if (report.open() > 0) {
                LOG.infof("restart journal at start: %d open, %d started, %d closed, %d waiting, %d failed", report.open(),
                        report.started(), report.closed(), report.waiting(), report.failed());
            }
        } catch (RuntimeException e) {
            // No storage configured (a local run of /eligibility only), or storage not reachable yet:
            // the timer function and the next delivery touching a VM finish what is open.
            LOG.debugf("restart journal not checked at start: %s", ArmFailure.of(e).summary());
        }
    }
}
