package io.accelconn.health;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Readiness probes of Table Storage and ARM, {@code accelconn.health.*}. */
@ConfigMapping(prefix = "accelconn.health")
public interface HealthConfig {

    /** Longest a probe may take before its dependency counts as down; probes answer well within a load balancer's wait. */
    @WithDefault("PT2S")
    Duration timeout();

    /** How long a probe's answer is reused: frequent polls cost one Table query and one ARM read per period, not per poll. */
    @WithDefault("PT10S")
    Duration cacheTtl();
}
