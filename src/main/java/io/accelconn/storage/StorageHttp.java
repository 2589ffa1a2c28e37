package io.accelconn.storage;

import java.time.Duration;
import java.util.Optional;

import com.azure.core.client.traits.ConnectionStringTrait;
import com.azure.core.client.traits.EndpointTrait;
import com.azure.core.client.traits.HttpTrait;
import com.azure.core.client.traits.TokenCredentialTrait;
import com.azure.core.http.HttpClient;
import com.azure.core.util.ClientOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;

import io.accelconn.azure.HttpTransportConfig;
import io.accelconn.azure.VertxTransport;

import io.vertx.core.Vertx;

/**
 * The one transport of the storage clients (tables and queues): Vert.x, Quarkus's own instance when
 * there is one; and the one way they reach the account.
 */
final class StorageHttp {

    static final String APPLICATION_ID = "accelconn";

    private StorageHttp() {
    }

    /**
     * Points a service client builder at the account: its connection string when one is set, else
     * the service's endpoint with DefaultAzureCredential (the app's managed identity in Azure).
     *
     * @param endpoint   the service's endpoint setting
     * @param notSetHelp the message when neither is set: which keys to set
     * @param vertx      the Vert.x instance to send through; null lets the SDK start (and own) one
     * @throws IllegalStateException neither is set
     */
    static <B extends HttpTrait<B> & ConnectionStringTrait<B> & EndpointTrait<B> & TokenCredentialTrait<B>> B connect(
            B builder, StorageConfig config, Optional<String> endpoint, String notSetHelp, HttpTransportConfig http, Vertx vertx) {
        HttpClient httpClient = VertxTransport.build(http, vertx, Duration.ofSeconds(30));
        builder.httpClient(httpClient).clientOptions(new ClientOptions().setApplicationId(APPLICATION_ID));
        String connectionString = config.connectionString().filter(s -> !s.isBlank()).orElse(null);
        if (connectionString != null) {
            return builder.connectionString(connectionString);
        }
        String url = endpoint.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(notSetHelp));
        // ARM's primaryEndpoints end in '/', which would double up in every request path.
        return builder.endpoint(url.replaceAll("/+$", ""))
                .credential(new DefaultAzureCredentialBuilder().httpClient(httpClient).build());
    }
}
