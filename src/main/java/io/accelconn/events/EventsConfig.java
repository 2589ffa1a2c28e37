package io.accelconn.events;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How Event Grid deliveries are taken, {@code accelconn.enforce.*} (the same prefix as the write
 * path's {@code io.accelconn.enforcement.EnforceConfig}, which these keys have always shared).
 */
@ConfigMapping(prefix = "accelconn.enforce")
public interface EventsConfig {

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
    List<String> webhookAllowedOrigins();

    /** Most events accepted in one webhook request; Event Grid batches hold up to 5,000. */
    @WithDefault("5000")
    int maxEventsPerRequest();
}
