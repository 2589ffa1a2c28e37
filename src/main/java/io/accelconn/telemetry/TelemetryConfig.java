package io.accelconn.telemetry;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * CPS telemetry: what {@code POST /cps} accepts, how long samples are kept, and how the Monitor
 * pull spends its ARM read budget. Durations are ISO-8601 ({@code PT5M}, {@code P30D}).
 */
@ConfigMapping(prefix = "accelconn.telemetry")
public interface TelemetryConfig {

    /** Samples one {@code POST /cps} may carry (a JSON array, or the samples parsed from cps tool output); larger requests get 400 {@code BATCH_TOO_LARGE}. */
    @WithDefault("5000")
    int maxSamplesPerRequest();

    /** Sample transactions one request keeps in flight at once (each is one partition's, up to 99 samples). */
    @WithDefault("4")
    int writeConcurrency();

    /** Day summaries (one small read per resource and day), and partitions without a current one, a report reads at once. */
    @WithDefault("16")
    int readConcurrency();

    /** How long writes trust their snapshot of when the managed NICs were enabled (to split a day's summary there) before reading it again. */
    @WithDefault("PT5M")
    Duration enablementRefresh();

    /** Oldest sample timestamp accepted, back from now; must not exceed {@code retention}. */
    @WithDefault("P30D")
    Duration maxSampleAge();

    /** How far in the future a sample timestamp may lie (clocks of VMs and of accelconn differ). */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /** Samples are deleted by the {@code cps-retention} timer once their UTC day is this old. */
    @WithDefault("P90D")
    Duration retention();

    /** Widest {@code from}..{@code to} window one {@code GET /cps-report} covers. */
    @WithDefault("P92D")
    Duration maxReportWindow();

    /** A timer run (Monitor pull, retention) starts no new work after this long; the next run continues. */
    @WithDefault("PT4M")
    Duration runDeadline();

    /** The {@code cps-monitor-pull} timer. */
    Monitor monitor();

    interface Monitor {
        /** Pull Azure Monitor flow metrics at all; {@code false} makes the timer a no-op. */
        @WithDefault("true")
        boolean enabled();

        /** Where a VM without a watermark starts: this far back from now. */
        @WithDefault("PT1H")
        Duration initialLookback();

        /** Minutes newer than this are left for the next run: Monitor may still be filling them in. */
        @WithDefault("PT5M")
        Duration settleDelay();

        /** Longest timespan asked for in one metrics read; a VM further behind catches up over several reads. */
        @WithDefault("PT6H")
        Duration maxSpanPerRead();

        /** Metrics reads one run makes at most (ARM reads, paced per subscription by the client read budget). */
        @WithDefault("500")
        int maxMetricReadsPerRun();

        /** NIC and VM reads one run makes at most to learn which VM a NIC is attached to, and its size. */
        @WithDefault("100")
        int maxLookupsPerRun();

        /** How long a learnt NIC-to-VM mapping and VM size are trusted before they are read again. */
        @WithDefault("P1D")
        Duration mappingTtl();

        /** The audit table is re-read from this long before the previous run, for records completed late. */
        @WithDefault("PT1H")
        Duration auditLookback();
    }
}
