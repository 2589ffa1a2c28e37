package io.accelconn.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Where accelconn keeps its tables (audit records, telemetry) and queues (sweep work items). On Azure Functions the app's
 * own storage account serves: the defaults read the Functions host's {@code AzureWebJobsStorage}
 * settings, as a connection string or, with an identity-based connection, as a table URI.
 */
@ConfigMapping(prefix = "accelconn.storage")
public interface StorageConfig {

    /** Storage connection string (a real account, or Azurite's); defaults to the Functions setting {@code AzureWebJobsStorage}; wins over {@code table-endpoint}. */
    @WithDefault("${AzureWebJobsStorage:}")
    Optional<String> connectionString();

    /** Table service URL for managed identity (DefaultAzureCredential), e.g. {@code https://<account>.table.core.windows.net}; used when no connection string is set; defaults to the Functions setting {@code AzureWebJobsStorage__tableServiceUri}. */
    @WithDefault("${AzureWebJobsStorage__tableServiceUri:}")
    Optional<String> tableEndpoint();

    /** Queue service URL for managed identity, e.g. {@code https://<account>.queue.core.windows.net}; used when no connection string is set (a connection string names its {@code QueueEndpoint}); defaults to the Functions setting {@code AzureWebJobsStorage__queueServiceUri}. */
    @WithDefault("${AzureWebJobsStorage__queueServiceUri:}")
    Optional<String> queueEndpoint();

    /** Table holding one audit record per (event, NIC) and the sweeps' records. */
    @WithDefault("AccelConnAudit")
    String auditTable();

    /** Table of the VM restart journal: one entry per VM accelconn stop-deallocated, open until the VM runs again. */
    @WithDefault("AccelConnRestarts")
    String restartJournalTable();

    /** Create missing tables at first use; {@code false} where the identity may not create tables (they come from infra). */
    @WithDefault("true")
    boolean createTables();
}
