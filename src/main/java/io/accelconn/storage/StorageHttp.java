package io.accelconn.storage;

import java.time.Duration;

import com.azure.core.http.HttpClient;
import com.azure.core.http.vertx.VertxHttpClientBuilder;

import io.vertx.core.Vertx;

/** The one transport of the storage clients (tables and queues): Vert.x, Quarkus's own instance when there is one. */
final class StorageHttp {

    private StorageHttp() {
    }

    /** @param vertx the Vert.x instance to send through; null lets the SDK start (and own) one */
    static HttpClient client(Vertx vertx) {
        VertxHttpClientBuilder transport = new VertxHttpClientBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(30));
        if (vertx != null) {
            transport.vertx(vertx);
        }
        return transport.build();
    }
}
