package io.accelconn.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Cache;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Caffeine classes the native executable must have registered are the ones Caffeine builds
 * for SubscriptionCaches' configuration: a change of the configuration (another expiry, a weigher)
 * changes the names, and this fails instead of every ARM call of the native executable.
 */
class SubscriptionCachesTest {

    /** What Quarkus' caffeine extension registers itself (CacheConstructorsFeature) among the ones used here. */
    static final Set<String> REGISTERED_BY_QUARKUS = Set.of("com.github.benmanes.caffeine.cache.SSMSA");

    record Config(int maxSize, Duration expireAfterAccess) implements AzureConfig.SubscriptionCache {
    }

    @Test
    void theCaffeineClassesRegisteredForReflectionAreTheOnesItBuilds() throws Exception {
        Config config = new Config(10, Duration.ofMinutes(5));
        Cache<String, String> plain = SubscriptionCaches.create(config);
        Cache<String, String> listening = SubscriptionCaches.create(config, (k, v, cause) -> {
        });
        plain.put("a", "1");
        listening.put("a", "1");

        Set<String> registered = Arrays.stream(SubscriptionCaches.class.getAnnotation(RegisterForReflection.class).classNames())
                .collect(Collectors.toSet());
        for (Cache<String, String> cache : java.util.List.of(plain, listening)) {
            Object local = field(cache, "cache");
            String cacheClass = local.getClass().getName();
            assertTrue(registered.contains(cacheClass) || REGISTERED_BY_QUARKUS.contains(cacheClass), cacheClass);
            Map<?, ?> data = (Map<?, ?>) field(local, "data");
            String nodeClass = data.values().iterator().next().getClass().getName();
            assertEquals(SubscriptionCaches.NODE, nodeClass);
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(owner);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(name);
    }
}
