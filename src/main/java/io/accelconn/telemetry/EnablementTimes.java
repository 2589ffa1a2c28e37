package io.accelconn.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import io.accelconn.azure.ResourceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * When each managed NIC was enabled (and each VM: its NICs' earliest), as the watermark table
 * knows it, for writes to split a day's summary at enabling. A snapshot of the managed NICs, read
 * again after {@code enablement-refresh}: one range query now and then instead of reads per
 * request. A stale or missing time costs no exactness: the summary records where it split, and a
 * report that needs another split reads that day's samples once and stores it.
 */
@ApplicationScoped
public class EnablementTimes {

    private static final Logger LOG = Logger.getLogger(EnablementTimes.class);

    private record Snapshot(Instant readAt, Map<String, Instant> byId) {
    }

    private final ManagedResources resources;
    private final Duration refresh;
    private final Clock clock;
    private volatile Snapshot snapshot;

    @Inject
    EnablementTimes(ManagedResources resources, TelemetryConfig config) {
        this(resources, config.enablementRefresh(), Clock.systemUTC());
    }

    public EnablementTimes(ManagedResources resources, Duration refresh, Clock clock) {
        this.resources = resources;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** When {@code resource} was enabled, null when not known. */
    Instant enabledAt(ResourceId resource) {
        return snapshot().byId().get(resource.toString().toLowerCase(Locale.ROOT));
    }

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || !now.isBefore(s.readAt().plus(refresh))) {
            s = load(now, s);
            snapshot = s;
        }
        return s;
    }

    private Snapshot load(Instant now, Snapshot previous) {
        Map<String, Instant> byId = new HashMap<>();
        try {
            for (ManagedResources.NicRow nic : resources.nics().values()) {
                if (nic.enabledAt() == null) {
                    continue;
                }
                byId.put(nic.nicId().toLowerCase(Locale.ROOT), nic.enabledAt());
                if (nic.vmId() != null) {
                    byId.merge(nic.vmId().toLowerCase(Locale.ROOT), nic.enabledAt(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        } catch (RuntimeException e) {
            // Only an optimisation of the summaries: writes go on without it and try again after refresh.
            LOG.debugf("CPS enabling times not read (%s)", e.getMessage());
            return new Snapshot(now, previous == null ? Map.of() : previous.byId());
        }
        return new Snapshot(now, byId);
    }
}
