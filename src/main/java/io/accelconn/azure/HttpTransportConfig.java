package io.accelconn.azure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;

/**
 * The connection pools of the Vert.x transports the Azure SDK clients send through (ARM with
 * Resource Graph and Monitor, the Table service, the Queue service), {@code accelconn.http.*}.
 * Vert.x keeps a pool per host, so each of those hosts gets these limits.
 */
@ConfigMapping(prefix = "accelconn.http")
public interface HttpTransportConfig {

    /**
     * Connections kept open to one host; a call beyond them waits for a free one. An instance
     * runs up to 24 queue invocations at once (host.json {@code batchSize} 16 + {@code newBatchThreshold}
     * 8), each with one blocking ARM call or Table operation at a time, beside event deliveries
     * and a CPS report's parallel reads: 32 lets them all send at once. Vert.x's own default of 5
     * made 24 write lanes queue behind each other's calls.
     */
    @WithDefault("32")
    int maxConnectionsPerHost();

    /**
     * Calls that may wait for a connection to one host; beyond them a call fails at once (and is
     * retried as a connection error). {@code -1}: no bound, a call waits (its timeouts still run).
     */
    @WithDefault("-1")
    int maxWaitQueueSize();

    /** The documented defaults, for clients built without CDI (tests, benchmarks). */
    static HttpTransportConfig defaults() {
        return new SmallRyeConfigBuilder().withMapping(HttpTransportConfig.class).build()
                .getConfigMapping(HttpTransportConfig.class);
    }
}
