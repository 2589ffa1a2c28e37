package io.accelconn.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the event-driven path acts, {@code accelconn.enforce.*}. Defaults are in README's table. */
@ConfigMapping(prefix = "accelconn.enforce")
public interface EnforceConfig {

    enum Mode {
        /** Decide, write to ARM, record. */
        ENFORCE,
        /** Decide and record identically, never write to ARM. */
        AUDIT
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
     * How long a worker owns an event it is handling before another delivery may take it over.
     * Longer than {@code accelconn.azure.lro.timeout}, so a slow but live worker is never overtaken.
     */
    @WithDefault("PT15M")
    Duration claimLease();

    /** How long a concurrent delivery of the same event waits for the first one to finish. */
    @WithDefault("PT10S")
    Duration duplicateWait();

    /**
     * Events of a batch not started within this time are answered 503 (Event Grid retries them):
     * Event Grid waits 30 s for an answer.
     */
    @WithDefault("PT20S")
    Duration batchDeadline();

    /**
     * Origins whose CloudEvents abuse-protection handshake ({@code OPTIONS} with
     * {@code WebHook-Request-Origin}) the webhook accepts.
     */
    @WithDefault("eventgrid.azure.net")
    java.util.List<String> webhookAllowedOrigins();

    /** Most events accepted in one webhook request; Event Grid batches hold up to 5,000. */
    @WithDefault("5000")
    int maxEventsPerRequest();
}
