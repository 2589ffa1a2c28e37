package io.accelconn.testsupport;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A {@code @ConfigMapping} interface built by SmallRye Config from properties, as Quarkus would, without booting Quarkus. */
public final class ConfigMappings {

    private ConfigMappings() {
    }

    /** @param properties full keys, e.g. {@code accelconn.telemetry.monitor.settle-delay} */
    public static <T> T of(Class<T> mapping, Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(mapping)
                // Quarkus's converter, so "200ms" and "6h" read as they do in application.properties.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(mapping);
    }
}
