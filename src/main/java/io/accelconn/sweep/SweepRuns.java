package io.accelconn.sweep;

import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ends runs: whoever sees that a run's items are all finished (the worker of the last item, a
 * report, a new start) stores the final status and frees the scope. Each worker marks its own
 * item before it looks at the others, so of two items finishing at once at least one sees both.
 */
@ApplicationScoped
class SweepRuns {

    private static final Logger LOG = Logger.getLogger(SweepRuns.class);

    private final SweepStore store;
    private final SweepConfig config;

    SweepRuns(SweepStore store, SweepConfig config) {
        this.store = store;
        this.config = config;
    }

    /** The run's live status; a finished run still marked running is closed on the way. */
    RunStatus status(SweepRun run, List<Checkpoint> items) {
        if (run.status().finished()) {
            return run.status();
        }
        RunStatus live = Progress.status(items, Instant.now(), config.staleAfter());
        if (live.finished()) {
            close(run, live);
        }
        return live;
    }

    /**
     * Closes the run if its items have all ended. Called by an item that just ended and saved
     * itself, so the run cannot be stale now: only an unfinished item can keep it open.
     */
    void finishIfDone(String runId) {
        if (store.anyUnfinished(runId)) {
            return;
        }
        store.run(runId).ifPresent(run -> status(run, store.items(runId)));
    }

    private void close(SweepRun run, RunStatus status) {
        store.saveRun(run.finished(status, Instant.now()));
        store.releaseScope(run.scopeKey(), run.runId());
        LOG.infof("sweep %s finished %s", run.runId(), status);
    }
}
