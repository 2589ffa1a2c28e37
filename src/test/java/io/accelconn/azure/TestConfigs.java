package io.accelconn.azure;

import io.accelconn.testsupport.ConfigMappings;

import java.util.HashMap;
import java.util.Map;

/** AzureConfig built by SmallRye Config from properties, as Quarkus would, without booting Quarkus. */
public final class TestConfigs {

    private TestConfigs() {
    }

    static AzureConfig of(Map<String, String> properties) {
        return ConfigMappings.of(AzureConfig.class, properties);
    }

    /** Pointed at the emulator, with fast retries and polls; {@code extra} overrides (keys without the prefix). */
    public static AzureConfig emulator(String baseUrl, String... extra) {
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
