package io.accelconn.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.regex.Pattern;

/**
 * The Table service client and one {@link TableClient} per table, built once and shared.
 * <p>
 * Nothing is built or sent until the first call, so the application starts (and serves what
 * needs no storage) without storage settings; a missing setting fails that first call with a
 * message naming the keys. Transport is Vert.x (Quarkus's own instance when running in Quarkus).
 * Calls block (the SDK's sync API): make them from worker threads, never from an event loop.
 */
@ApplicationScoped
public class TableClients {

    /** Azure's rule for table names: alphanumeric, starting with a letter, 3 to 63 characters. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");

    private final StorageConfig config;
    private final LazyClients<TableServiceClient, TableClient> clients;

    @Inject
    TableClients(StorageConfig config, Instance<Vertx> vertx) {
        this(config, vertx.isResolvable() ? vertx.get() : null);
    }

    /** @param vertx the Vert.x instance to send through; null lets the SDK start (and own) one */
    public TableClients(StorageConfig config, Vertx vertx) {
        this.config = config;
        this.clients = new LazyClients<>(() -> StorageHttp.connect(new TableServiceClientBuilder(), config,
                config.tableEndpoint(), "Table Storage is not configured: set accelconn.storage.connection-string (or the "
                        + "Functions setting AzureWebJobsStorage), or accelconn.storage.table-endpoint for managed identity",
                vertx).buildClient(), (service, name) -> {
                    if (config.createTables()) {
                        service.createTableIfNotExists(name);
                    }
                    return service.getTableClient(name);
                });
    }

    /** The Table service of the configured account. */
    public TableServiceClient service() {
        return clients.service();
    }

    /**
     * A client for {@code tableName}; with {@code create-tables} the table is created the first
     * time it is asked for (a failed creation is retried on the next call, not remembered).
     */
    public TableClient table(String tableName) {
        if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("invalid table name '" + tableName
                    + "': Azure allows 3 to 63 letters and digits, starting with a letter");
        }
        return clients.client(tableName);
    }

    /** The audit table ({@code accelconn.storage.audit-table}). */
    public TableClient auditTable() {
        return table(config.auditTable());
    }

    /** The restart journal table ({@code accelconn.storage.restart-journal-table}). */
    public TableClient restartJournalTable() {
        return table(config.restartJournalTable());
    }
}
