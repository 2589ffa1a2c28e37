package io.accelconn.storage;

import com.azure.core.http.HttpClient;
import com.azure.core.util.ClientOptions;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    static final String APPLICATION_ID = "accelconn";
    /** Azure's rule for table names: alphanumeric, starting with a letter, 3 to 63 characters. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");

    private final StorageConfig config;
    private final Vertx vertx;
    private final Map<String, TableClient> tables = new ConcurrentHashMap<>();
    private volatile TableServiceClient service;

    @Inject
    TableClients(StorageConfig config, Instance<Vertx> vertx) {
        this(config, vertx.isResolvable() ? vertx.get() : null);
    }

    /** @param vertx the Vert.x instance to send through; null lets the SDK start (and own) one */
    public TableClients(StorageConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    /** The Table service of the configured account. */
    public TableServiceClient service() {
        TableServiceClient built = service;
        if (built == null) {
            synchronized (this) {
                built = service;
                if (built == null) {
                    built = buildService();
                    service = built;
                }
            }
        }
        return built;
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
        return tables.computeIfAbsent(tableName, name -> {
            if (config.createTables()) {
                service().createTableIfNotExists(name);
            }
            return service().getTableClient(name);
        });
    }

    /** The audit table ({@code accelconn.storage.audit-table}). */
    public TableClient auditTable() {
        return table(config.auditTable());
    }

    /** The restart journal table ({@code accelconn.storage.restart-journal-table}). */
    public TableClient restartJournalTable() {
        return table(config.restartJournalTable());
    }

    private TableServiceClient buildService() {
        HttpClient httpClient = httpClient();
        TableServiceClientBuilder builder = new TableServiceClientBuilder()
                .httpClient(httpClient)
                .clientOptions(new ClientOptions().setApplicationId(APPLICATION_ID));
        String connectionString = config.connectionString().filter(s -> !s.isBlank()).orElse(null);
        if (connectionString != null) {
            return builder.connectionString(connectionString).buildClient();
        }
        String endpoint = config.tableEndpoint().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "Table Storage is not configured: set accelconn.storage.connection-string (or the Functions setting "
                        + "AzureWebJobsStorage), or accelconn.storage.table-endpoint for managed identity"));
        // ARM's primaryEndpoints.table ends in '/', which would double up in every request path.
        return builder.endpoint(endpoint.replaceAll("/+$", ""))
                .credential(new DefaultAzureCredentialBuilder().httpClient(httpClient).build())
                .buildClient();
    }

    private HttpClient httpClient() {
        return StorageHttp.client(vertx);
    }
}
