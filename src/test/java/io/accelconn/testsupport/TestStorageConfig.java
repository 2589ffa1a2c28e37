package io.accelconn.testsupport;

import java.time.Duration;
import java.util.Optional;

import io.accelconn.storage.StorageConfig;

/**
 * {@link StorageConfig} for tests and benchmarks that build {@code TableClients} by hand:
 * the documented defaults, a connection string, and whatever a test changes.
 */
public record TestStorageConfig(String connection, String audit, String telemetry, String watermarks,
        int retries, Duration firstBackoff) implements StorageConfig {

    /** Defaults as documented, against {@code connectionString}. */
    public static TestStorageConfig of(String connectionString) {
        return new TestStorageConfig(connectionString, "AccelConnAudit", "CpsTelemetry", "CpsWatermarks", 3,
                Duration.ofMillis(800));
    }

    public TestStorageConfig withAuditTable(String name) {
        return new TestStorageConfig(connection, name, telemetry, watermarks, retries, firstBackoff);
    }

    public TestStorageConfig withTelemetryTables(String samples, String watermarkTable) {
        return new TestStorageConfig(connection, audit, samples, watermarkTable, retries, firstBackoff);
    }

    /** Fewer and shorter storage retries, for tests that make storage fail on purpose. */
    public TestStorageConfig withRetries(int maxRetries, Duration baseDelay) {
        return new TestStorageConfig(connection, audit, telemetry, watermarks, maxRetries, baseDelay);
    }

    @Override
    public Optional<String> connectionString() {
        return Optional.ofNullable(connection);
    }

    @Override
    public Optional<String> tableEndpoint() {
        return Optional.empty();
    }

    /** No queue service in these tests. */
    @Override
    public Optional<String> queueEndpoint() {
        return Optional.empty();
    }

    @Override
    public String auditTable() {
        return audit;
    }

    @Override
    public String restartJournalTable() {
        return "AccelConnRestarts";
    }

    @Override
    public boolean createTables() {
        return true;
    }

    @Override
    public String telemetryTable() {
        return telemetry;
    }

    @Override
    public String watermarkTable() {
        return watermarks;
    }

    @Override
    public Retry retry() {
        return new Retry() {
            @Override
            public int maxRetries() {
                return retries;
            }

            @Override
            public Duration baseDelay() {
                return firstBackoff;
            }

            @Override
            public Duration maxDelay() {
                return firstBackoff.multipliedBy(10);
            }
        };
    }
}
