package io.accelconn.storage;

import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceAsyncClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import io.accelconn.azure.HttpTransportConfig;
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
 * Transient faults are retried by azure-core as {@code accelconn.storage.retry.*} says.
 * Calls block (the SDK's sync API): make them from worker threads, never from an event loop;
 * {@link #asyncTable} serves callers that keep several requests in flight without a thread each.
 */
@ApplicationScoped
public class TableClients {

    /** Azure's rule for table names: alphanumeric, starting with a letter, 3 to 63 characters. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");

    /** Both service clients from one builder, so they share its HTTP client (one connection pool). */
    private record Services(TableServiceClient sync, TableServiceAsyncClient async) {
    }

    private final StorageConfig config;
    private final LazyClients<Services, TableClient> clients;
    private final Map<String, TableAsyncClient> asyncTables = new ConcurrentHashMap<>();

    @Inject
    TableClients(StorageConfig config, Instance<Vertx> vertx, HttpTransportConfig http) {
        this(config, vertx.isResolvable() ? vertx.get() : null, http);
    }

    /**
     * @param vertx the Vert.x instance to send through; null lets the SDK start (and own) one
     * @param http  the transport's connection pool
     */
    public TableClients(StorageConfig config, Vertx vertx, HttpTransportConfig http) {
        this.config = config;
        this.clients = new LazyClients<>(() -> {
            TableServiceClientBuilder builder = StorageHttp.connect(
                    new TableServiceClientBuilder().retryOptions(retryOptions(config.retry()))
                            .addPolicy(new TransactionEtags()), config,
                    config.tableEndpoint(), "Table Storage is not configured: set accelconn.storage.connection-string (or the "
                            + "Functions setting AzureWebJobsStorage), or accelconn.storage.table-endpoint for managed identity",
                    http, vertx);
            return new Services(builder.buildClient(), builder.buildAsyncClient());
        }, (services, name) -> {
            if (config.createTables()) {
                services.sync().createTableIfNotExists(name);
            }
            return services.sync().getTableClient(name);
        });
    }

    /** The Table service of the configured account. */
    public TableServiceClient service() {
        return clients.service().sync();
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

    /** The non-blocking client of {@code tableName}, created first like {@link #table}. */
    public TableAsyncClient asyncTable(String tableName) {
        table(tableName);
        return asyncTables.computeIfAbsent(tableName, name -> clients.service().async().getTableClient(name));
    }

    /** The audit table ({@code accelconn.storage.audit-table}). */
    public TableClient auditTable() {
        return table(config.auditTable());
    }

    /** The restart journal table ({@code accelconn.storage.restart-journal-table}). */
    public TableClient restartJournalTable() {
        return table(config.restartJournalTable());
    }

    /** The telemetry table ({@code accelconn.storage.telemetry-table}). */
    public TableClient telemetryTable() {
        return table(config.telemetryTable());
    }

    /** The Monitor pull's watermark table ({@code accelconn.storage.watermark-table}). */
    public TableClient watermarkTable() {
        return table(config.watermarkTable());
    }

    /**
     * Every request is retried the same way, transactions included: accelconn's writes are
     * upserts or ETag-conditional, so a retry after a lost answer changes nothing.
     */
    static RetryOptions retryOptions(StorageConfig.Retry retry) {
        return new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(retry.maxRetries())
                .setBaseDelay(retry.baseDelay())
                .setMaxDelay(retry.maxDelay()));
    }
}
