package io.accelconn.telemetry;

import java.util.HashMap;
import java.util.Map;

import io.accelconn.testsupport.ConfigMappings;

/** TelemetryConfig as Quarkus would build it, without booting Quarkus. */
final class TelemetryConfigs {

    private TelemetryConfigs() {
    }

    static TelemetryConfig defaults() {
        return ConfigMappings.of(TelemetryConfig.class, Map.of());
    }

    /** The defaults with {@code overrides} (keys without {@code accelconn.telemetry.}). */
    static TelemetryConfig with(String... overrides) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            p.put("accelconn.telemetry." + overrides[i], overrides[i + 1]);
        }
        return ConfigMappings.of(TelemetryConfig.class, p);
    }
}
