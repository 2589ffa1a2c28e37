package io.accelconn.storage;

import java.util.regex.Pattern;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;

import io.accelconn.azure.HttpTransportConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Queue clients of the configured storage account, built at first use like {@link TableClients}.
 * Messages are Base64-encoded: the Functions queue trigger (extension 5.x) expects that by default
 * ({@code extensions.queues.messageEncoding = base64}), and a plain-text message would fail its
 * decoding and go to the poison queue unread.
 */
@ApplicationScoped
public class QueueClients {

    /** Azure's rule for queue names: 3-63 lower-case letters, digits and single hyphens, starting and ending alphanumeric. */
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");

    private final LazyClients<QueueServiceClient, QueueClient> clients;

    @Inject
    QueueClients(StorageConfig config, Instance<Vertx> vertx, HttpTransportConfig http) {
        this(config, vertx.isResolvable() ? vertx.get() : null, http);
    }

    /**
     * @param vertx the Vert.x instance to send through; null lets the SDK start (and own) one
     * @param http  the transport's connection pool
     */
    public QueueClients(StorageConfig config, Vertx vertx, HttpTransportConfig http) {
        this.clients = new LazyClients<>(() -> StorageHttp.connect(
                new QueueServiceClientBuilder().messageEncoding(QueueMessageEncoding.BASE64), config, config.queueEndpoint(),
                "Queue Storage is not configured: set accelconn.storage.connection-string (or the Functions setting "
                        + "AzureWebJobsStorage), or accelconn.storage.queue-endpoint (AzureWebJobsStorage__queueServiceUri) "
                        + "for managed identity", http, vertx).buildClient(), (service, name) -> {
                            QueueClient client = service.getQueueClient(name);
                            if (config.createTables()) {
                                client.createIfNotExists();
                            }
                            return client;
                        });
    }

    /** A client for {@code queueName}; with {@code create-tables} the queue is created the first time it is asked for. */
    public QueueClient queue(String queueName) {
        if (queueName == null || !QUEUE_NAME.matcher(queueName).matches()) {
            throw new IllegalArgumentException("invalid queue name '" + queueName
                    + "': Azure allows 3 to 63 lower-case letters, digits and single hyphens");
        }
        return clients.client(queueName);
    }
}
