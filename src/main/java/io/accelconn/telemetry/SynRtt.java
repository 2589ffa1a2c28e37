package io.accelconn.telemetry;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * SYN round-trip times of the connections a sample covers, in microseconds, as the cps tool's
 * {@code ###SYNRTT} line gives them. Every field is optional (null).
 */
@RegisterForReflection
public record SynRtt(Double p25, Double p50, Double mean, Double p75, Double p90, Double p95, Double p99,
        Double p999, Double p9999) {

    public static final SynRtt NONE = new SynRtt(null, null, null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }
}
