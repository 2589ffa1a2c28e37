package io.accelconn.enforcement;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the write path acts, {@code accelconn.enforce.*} (the keys of Event Grid delivery are in
 * {@code io.accelconn.events.EventsConfig}, under the same prefix). Defaults are in README's table.
 */
@ConfigMapping(prefix = "accelconn.enforce")
public interface EnforceConfig {

    enum Mode {
        /** Decide, write to ARM, record. */
        ENFORCE,
        /** Decide and record identically, never write to ARM. */
        AUDIT;

        /** As recorded and configured: {@code enforce}, {@code audit}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code enforce} writes to ARM; {@code audit} only records what it would do. */
    @WithDefault("enforce")
    Mode mode();

    /**
     * Stop-deallocate a running VM to apply Accelerated Connections to its NIC, then start it.
     * Only for VMs tagged with {@link #allowRestartTag()} and created within {@link #restartGracePeriod()}.
     */
    @WithDefault("false")
    boolean restartRunningVms();

    /** VM tag (value "true") by which an owner allows the restart. */
    @WithDefault("accelconn-allow-restart")
    String allowRestartTag();

    /** Only VMs younger than this are restarted: a new deployment, not a production VM. */
    @WithDefault("PT1H")
    Duration restartGracePeriod();

    /** NIC tag naming the VM size a NIC is deployed for, so a NIC can be decided before its VM exists. */
    @WithDefault("accelconn-vm-size")
    String vmSizeTag();

    /**
     * How long a worker owns an (event, NIC) claim, or a VM's restart journal entry, without a sign
     * of life before another may take it over. Longer than {@code accelconn.azure.lro.timeout}, so
     * a slow but live worker is never overtaken.
     */
    @WithDefault("PT15M")
    Duration claimLease();

    /** How long a concurrent delivery of the same event waits for the first one to finish. */
    @WithDefault("PT10S")
    Duration duplicateWait();

    /**
     * Transient failures (throttling, 5xx, busy NICs, storage) one (event, NIC) may meet before it
     * is recorded {@code FAILED} with {@code RETRIES_EXHAUSTED}. The count survives redeliveries.
     * 8 follows Event Grid's retry schedule (10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h): the
     * eighth delivery comes about 1 h 47 min after the first, past the throttling windows and most
     * ARM incidents, and long before Event Grid gives up (24 h or 30 attempts) and dead-letters the
     * event without any record. The sweep repairs what a FAILED leaves behind.
     */
    @WithDefault("8")
    int maxTransientAttempts();

    /**
     * How long after the application starts it finishes the restarts an earlier instance left open.
     * The first requests of a cold instance (the one that woke it) do not share its cores with the
     * storage and ARM clients this check builds; a delivery touching a VM, and the restart-journal
     * timer, finish its restart anyway.
     */
    @WithDefault("PT10S")
    Duration restartJournalStartDelay();
}
