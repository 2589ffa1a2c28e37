package io.accelconn.sweep;

import java.time.Instant;
import java.util.List;

import io.accelconn.enforcement.EnforceConfig;

/**
 * A run as started: its scope (the subscriptions are its items' keys), mode and remediated classes, in the runs table (PartitionKey
 * {@code run}, RowKey newest first, see {@link RunIds}). {@code status} is what was stored last;
 * a report derives the live one from the items.
 *
 * @param trigger {@code http} or {@code timer}
 */
record SweepRun(String runId, String scopeKey, int subscriptions, EnforceConfig.Mode mode,
        List<String> classes, String trigger, Instant startedAt, Instant finishedAt, RunStatus status) {

    SweepRun {
        classes = List.copyOf(classes);
    }

    SweepRun finished(RunStatus finalStatus, Instant at) {
        return new SweepRun(runId, scopeKey, subscriptions, mode, classes, trigger, startedAt, at, finalStatus);
    }
}
