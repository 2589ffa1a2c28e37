package io.accelconn.health;

import java.time.Duration;
import java.util.function.Supplier;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * A readiness probe's last answer, reused for a short time. Concurrent polls wait for the one
 * probe in flight instead of each sending their own. A change of state is logged once, with the
 * reason, so the log says when and why a dependency went away.
 */
final class CachedProbe {

    private static final Logger LOG = Logger.getLogger(CachedProbe.class);

    private final String name;
    private final Duration ttl;
    private final Supplier<HealthCheckResponse> probe;
    private HealthCheckResponse last;
    private long expiresAt;

    CachedProbe(String name, Duration ttl, Supplier<HealthCheckResponse> probe) {
        this.name = name;
        this.ttl = ttl;
        this.probe = probe;
    }

    synchronized HealthCheckResponse get() {
        long now = System.nanoTime();
        if (last != null && now - expiresAt < 0) {
            return last;
        }
        HealthCheckResponse fresh = probe.get();
        if (last == null ? fresh.getStatus() == HealthCheckResponse.Status.DOWN : last.getStatus() != fresh.getStatus()) {
            if (fresh.getStatus() == HealthCheckResponse.Status.DOWN) {
                LOG.warnf("%s is DOWN: %s", name, fresh.getData().map(Object::toString).orElse(""));
            } else {
                LOG.infof("%s is UP again", name);
            }
        }
        last = fresh;
        expiresAt = System.nanoTime() + ttl.toNanos();
        return fresh;
    }
}
