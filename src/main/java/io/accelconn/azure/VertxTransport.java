package io.accelconn.azure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.azure.core.http.HttpClient;
import com.azure.core.http.ProxyOptions;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.core.util.Configuration;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;

/**
 * Builds the azure-core transport of an SDK client family on Vert.x, with the connection pool
 * {@code accelconn.http.*} asks for: the one place ARM's and storage's transports are made.
 */
public final class VertxTransport {

    private static final Logger LOG = Logger.getLogger(VertxTransport.class);

    /** What the SDK's builder uses when it makes the options itself: kept, since ours replace them. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_HEADER_SIZE = 256 * 1024;

    private VertxTransport() {
    }

    /**
     * @param vertx           the Vert.x instance to send through; null lets the SDK start (and own) one
     * @param responseTimeout how long a call may wait for its answer once sent
     */
    public static HttpClient build(HttpTransportConfig config, Vertx vertx, Duration responseTimeout) {
        VertxHttpClientBuilder transport = new VertxHttpClientBuilder().connectTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout);
        if (vertx != null) {
            transport.vertx(vertx);
        }
        if (ProxyOptions.fromConfiguration(Configuration.getGlobalConfiguration(), true) != null) {
            // Given options, the builder skips its own, proxy settings included: keep the proxy, not the pool.
            LOG.warn("an HTTP proxy is configured: the Azure SDK's transport keeps Vert.x's default pool (5 connections "
                    + "per host), not accelconn.http.max-connections-per-host");
            return transport.build();
        }
        return transport.httpClientOptions(options(config)).build();
    }

    static HttpClientOptions options(HttpTransportConfig config) {
        if (config.maxConnectionsPerHost() < 1) {
            throw new IllegalStateException("accelconn.http.max-connections-per-host must be at least 1, was "
                    + config.maxConnectionsPerHost());
        }
        if (config.maxWaitQueueSize() < -1) {
            throw new IllegalStateException("accelconn.http.max-wait-queue-size must be -1 (no bound) or more, was "
                    + config.maxWaitQueueSize());
        }
        return new HttpClientOptions()
                .setMaxPoolSize(config.maxConnectionsPerHost())
                .setMaxWaitQueueSize(config.maxWaitQueueSize())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                .setReadIdleTimeout((int) IDLE_TIMEOUT.toMillis())
                .setWriteIdleTimeout((int) IDLE_TIMEOUT.toMillis())
                .setMaxHeaderSize(MAX_HEADER_SIZE);
    }
}
