package io.accelconn.azure;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import io.quarkus.runtime.configuration.DurationConverter;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** AzureConfig built by SmallRye Config from properties, as Quarkus would, without booting Quarkus. */
final class TestConfigs {

    private TestConfigs() {
    }

    static AzureConfig of(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AzureConfig.class)
                // Quarkus's converter, so "200ms" and "6h" read as they do in application.properties.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(AzureConfig.class);
    }

    /** Pointed at the emulator, with fast retries and polls; {@code extra} overrides (keys without the prefix). */
    static AzureConfig emulator(String baseUrl, String... extra) {
        Map<String, String> p = new HashMap<>();
        p.put("accelconn.azure.cloud", "Custom");
        p.put("accelconn.azure.resource-manager-endpoint", baseUrl);
        p.put("accelconn.azure.authentication", "static-token");
        p.put("accelconn.azure.static-token", "test-token");
        p.put("accelconn.azure.retry.base-delay", "20ms");
        p.put("accelconn.azure.retry.max-delay", "200ms");
        p.put("accelconn.azure.lro.poll-interval", "20ms");
        p.put("accelconn.azure.lro.timeout", "20s");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put("accelconn.azure." + extra[i], extra[i + 1]);
        }
        return of(p);
    }
}
