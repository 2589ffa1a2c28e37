package io.accelconn.telemetry;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answers of {@code GET /cps-report}. */
public final class ReportFigures {

    /** Accelerated Connections' headline: up to 25 times the connections per second. */
    public static final int PROMISED_GAIN = 25;

    private ReportFigures() {
    }

    /**
     * CPS figures of a set of samples. Percentiles are HdrHistogram's, within 0.1%; maxima exact.
     *
     * @param samples              samples counted (a cps tool run counts its intervals and its summary)
     * @param runs                 cps tool run summaries among them
     * @param synRttMedianUs       median of the samples' SYN RTT medians
     * @param synRttP99Us          99th percentile of the samples' SYN RTT 99th percentiles
     */
    @RegisterForReflection
    public record Cps(long samples, long runs, Double p50, Double p95, Double p99, Double max,
            Double maxActiveConnections, Double synRttMedianUs, Double synRttP99Us) {
    }

    /**
     * Median CPS before and after Accelerated Connections was enabled, and their ratio beside the
     * promised {@value #PROMISED_GAIN}x.
     *
     * @param medianRatio after / before; null unless both sides have samples
     * @param basis       {@code labels} (samples labelled before/after), {@code audit} (split at
     *                    {@code enabledAt}), or {@code labels+audit}
     */
    @RegisterForReflection
    public record Gain(long beforeSamples, Double beforeMedianCps, long afterSamples, Double afterMedianCps,
            Double medianRatio, int promised, String basis) {
    }

    /** One source's figures: CPS from the cps tool and flow creation rates from Azure Monitor are not mixed. */
    @RegisterForReflection
    public record Source(String source, Cps cps, Gain gain) {
    }

    @RegisterForReflection
    public record Resource(String resourceId, Instant from, Instant to, String tier, String size, Instant enabledAt,
            List<Source> sources) {
    }

    /** @param key the tier or size; {@code unknown} for resources accelconn knows nothing of */
    @RegisterForReflection
    public record Group(String key, int resources, List<Source> sources) {
    }

    @RegisterForReflection
    public record Fleet(String groupBy, Instant from, Instant to, List<Group> groups) {
    }
}
