package io.accelconn.health;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import io.accelconn.azure.ArmClients;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when ARM answers an authenticated read: {@code GET /subscriptions} through the same
 * pipeline as every ARM call, so a token that cannot be had (managed identity missing) or is
 * refused shows here too. Any answer but 401/403 or 5xx means ARM is there and accepts us. The
 * retry policy handles 429 and 5xx as for any call; what it cannot settle within
 * {@code accelconn.health.timeout} counts as down ({@code TimeoutException}).
 */
@Readiness
@ApplicationScoped
public class ArmReadiness implements HealthCheck {

    static final String NAME = "arm";
    static final String API_VERSION = "2022-12-01";

    private final CachedProbe cached;

    public ArmReadiness(ArmClients arm, HealthConfig config) {
        this.cached = new CachedProbe(NAME, config.cacheTtl(), () -> probe(arm, config));
    }

    @Override
    public HealthCheckResponse call() {
        return cached.get();
    }

    private static HealthCheckResponse probe(ArmClients arm, HealthConfig config) {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named(NAME);
        try {
            String endpoint = arm.profile().getEnvironment().getResourceManagerEndpoint();
            HttpRequest request = new HttpRequest(HttpMethod.GET,
                    endpoint + (endpoint.endsWith("/") ? "" : "/") + "subscriptions?api-version=" + API_VERSION);
            // The timeout cancels the call, retries included: a probe never waits out a backoff.
            try (HttpResponse response = arm.pipeline().send(request).timeout(config.timeout()).block()) {
                int status = response.getStatusCode();
                answer.withData("status", status);
                boolean refused = status == 401 || status == 403 || status >= 500;
                return (refused ? answer.down() : answer.up()).build();
            }
        } catch (RuntimeException e) {
            return ProbeFailure.down(answer, e).build();
        }
    }
}
