package io.accelconn.sweep;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the compliance sweep runs, {@code accelconn.sweep.*}. Defaults are in README's table. */
@ConfigMapping(prefix = "accelconn.sweep")
public interface SweepConfig {

    /** Queue of the work items; {@code functions/sweep-worker/function.json} names the same queue. */
    @WithDefault("accelconn-sweep")
    String queue();

    /** Table of the runs (partition {@code run}) and of the scope locks (partition {@code scope}). */
    @WithDefault("AccelConnSweepRuns")
    String runsTable();

    /** Table of the work items' checkpoints, one partition per run. */
    @WithDefault("AccelConnSweepCheckpoints")
    String checkpointsTable();

    /** Table of the per-NIC report rows, one partition per run, subscription and inventory page. */
    @WithDefault("AccelConnSweepReport")
    String reportTable();

    /**
     * How long one invocation of {@code sweep-worker} works before it checkpoints and hands the
     * rest to a continuation item. Well under the host's function timeout (5 minutes on the
     * Consumption plan), with room for the last page's writes.
     */
    @WithDefault("PT4M")
    Duration itemTimeBudget();

    /**
     * How long a worker owns a work item. Longer than the time budget plus a page's paced writes,
     * so only a crashed worker's item is taken over by a redelivery.
     */
    @WithDefault("PT10M")
    Duration itemLease();

    /**
     * Share of a subscription's ARM write budget ({@code accelconn.azure.throttle.writes-per-second})
     * a sweep may use; the rest, and the whole burst, stay for the event path.
     */
    @WithDefault("0.95")
    double writeShare();

    /**
     * Write lanes per inventory page: the NICs a page chooses for remediation are dealt out (a
     * VM's NICs together) to this many work items, which the host runs side by side. Each lane
     * writes one NIC at a time, at most {@code 1/write-lanes} of the sweep's rate, so the lanes
     * together keep to the rate while a NIC write (a long-running operation ARM asks to poll after
     * a second, with the claim, reads and records around it) may take up to {@code write-lanes}
     * times the spacing of the rate: 24 lanes at 9.5 writes/s allow 2.5 s per NIC.
     */
    @WithDefault("24")
    int writeLanes();

    /**
     * How many of its lost slots a write lane may make up, in lane spacings: a lane whose write took
     * longer than its spacing (or whose invocation was busy with another lane) writes its next NICs
     * without waiting until it is back on its schedule, but never makes up more than this many
     * spacings of lag (older lost slots are forfeited). 0 writes each NIC a spacing after the
     * previous one started, losing any slot a slow write overran. Each spacing made up lets every
     * lane write one NIC more in a short window: the sweep's writes in any window stay within its
     * rate plus {@code write-lanes x (1 + lane-catch-up)}, 72 at the defaults against ARM's burst of 200.
     */
    @WithDefault("2")
    int laneCatchUp();

    /**
     * The Functions host's {@code extensions.queues.maxDequeueCount}: on that delivery a failing
     * item is recorded FAILED before the host moves its message to the poison queue.
     */
    @WithDefault("5")
    int maxDequeueCount();

    /** A run none of whose items moved for this long is reported FAILED and frees its scope. */
    @WithDefault("PT2H")
    Duration staleAfter();
}
