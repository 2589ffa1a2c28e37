package io.accelconn.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.UUID;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.accelconn.logging.LogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code cps-retention} timer: deletes the sample partitions of UTC days older than
 * {@code accelconn.telemetry.retention}, found through the day index, oldest first. A run stops
 * starting partitions at {@code run-deadline}; what is left is found again by the next run.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    /**
     * @param before       days before this one (UTC) are deleted
     * @param partitions   resource-days deleted
     * @param entities     entities deleted: hours of samples and summary rows
     * @param stoppedEarly the deadline came first; the next run continues
     */
    @RegisterForReflection
    public record Outcome(String runId, LocalDate before, int partitions, long entities, boolean stoppedEarly) {
    }

    private final SampleStore store;
    private final TelemetryConfig config;
    private final Clock clock;
    private final Counter deleted;

    @Inject
    Retention(SampleStore store, TelemetryConfig config, MeterRegistry registry) {
        this(store, config, registry, Clock.systemUTC());
    }

    public Retention(SampleStore store, TelemetryConfig config, MeterRegistry registry, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.deleted = Counter.builder("accelconn.telemetry.retention.deleted")
                .description("Telemetry entities deleted by cps-retention").register(registry);
    }

    public Outcome run() {
        String runId = UUID.randomUUID().toString();
        LogContext scope = LogContext.run(runId);
        try {
            Instant now = clock.instant();
            LocalDate before = LocalDate.ofInstant(now.minus(config.retention()), ZoneOffset.UTC);
            long deadline = System.nanoTime() + config.runDeadline().toNanos();
            int partitions = 0;
            long entities = 0;
            boolean stoppedEarly = false;
            try (Stream<SampleStore.IndexEntry> expired = store.indexBefore(before)) {
                for (Iterator<SampleStore.IndexEntry> it = expired.iterator(); it.hasNext(); ) {
                    if (System.nanoTime() - deadline > 0) {
                        stoppedEarly = true;
                        break;
                    }
                    long n = store.delete(it.next());
                    deleted.increment(n);
                    entities += n;
                    partitions++;
                }
            }
            LOG.infof("cps-retention: deleted %d entities (hours of samples, summaries) in %d resource-days before %s%s", entities,
                    partitions, before, stoppedEarly ? " (stopped at the deadline; the next run continues)" : "");
            return new Outcome(runId, before, partitions, entities, stoppedEarly);
        } finally {
            scope.close();
        }
    }
}
