package io.accelconn.health;

import com.azure.core.exception.HttpResponseException;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import reactor.core.Exceptions;

/**
 * What a failed probe says about itself: the kind of failure and the HTTP status, never a URL,
 * message or credential (health is open to anyone who can reach the app). The log line of
 * {@link CachedProbe} has the same; the cause in detail is in the SDK's own log.
 */
final class ProbeFailure {

    private ProbeFailure() {
    }

    static HealthCheckResponseBuilder down(HealthCheckResponseBuilder answer, Throwable e) {
        // block() wraps checked failures (a credential that cannot be had) in Reactor's own exception.
        Throwable cause = Exceptions.unwrap(e);
        answer.down().withData("error", cause.getClass().getSimpleName());
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException h && h.getResponse() != null) {
                answer.withData("status", h.getResponse().getStatusCode());
                break;
            }
        }
        return answer;
    }
}
