package io.accelconn.health;

import com.azure.core.util.Context;
import com.azure.data.tables.models.ListTablesOptions;
import io.accelconn.storage.StorageConfig;
import io.accelconn.storage.TableClients;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the Table service answers a read: one "query tables" call for the audit table, the
 * least a role that lets accelconn read its tables allows. It writes nothing (no table is
 * created here) and tells whether the audit table exists yet.
 */
@Readiness
@ApplicationScoped
public class TableStorageReadiness implements HealthCheck {

    static final String NAME = "table-storage";

    private final CachedProbe cached;

    public TableStorageReadiness(TableClients tables, StorageConfig storage, HealthConfig config) {
        this.cached = new CachedProbe(NAME, config.cacheTtl(), () -> probe(tables, storage, config));
    }

    @Override
    public HealthCheckResponse call() {
        return cached.get();
    }

    private static HealthCheckResponse probe(TableClients tables, StorageConfig storage, HealthConfig config) {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named(NAME);
        try {
            boolean exists = tables.service()
                    .listTables(new ListTablesOptions().setFilter("TableName eq '" + storage.auditTable() + "'"),
                            config.timeout(), Context.NONE)
                    .stream().findFirst().isPresent();
            answer.withData("auditTable", exists ? "exists" : storage.createTables() ? "created at first use" : "missing");
            // Without create-tables, a missing table fails every audit write: not ready.
            return (exists || storage.createTables() ? answer.up() : answer.down()).build();
        } catch (RuntimeException e) {
            return ProbeFailure.down(answer, e).build();
        }
    }

}
