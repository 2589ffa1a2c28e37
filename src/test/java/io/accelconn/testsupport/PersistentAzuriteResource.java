package io.accelconn.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A private Azurite for one {@code @QuarkusTest} that keeps its tables on disk, so a test can stop
 * it in the middle of a request and start it again ({@link #stop()}/{@link #restart()} through the
 * static accessors) and find what was committed before. The application's storage retries are
 * cut short so a stopped Azurite fails a request in well under a second.
 */
public class PersistentAzuriteResource implements QuarkusTestResourceLifecycleManager {

    private static volatile Azurite azurite;
    private static volatile Path location;

    /** Stops it as Ctrl-C would: requests under way are answered, the tables saved. */
    public static void stopAzurite() {
        azurite.stopGracefully();
    }

    /** Starts it again on the same directory and port. */
    public static void restartAzurite() {
        azurite = Azurite.startPersistent(location, azurite.port());
    }

    @Override
    public Map<String, String> start() {
        try {
            location = Files.createTempDirectory("azurite-persistent-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        azurite = Azurite.startPersistent(location, 0);
        return Map.of("accelconn.storage.connection-string", azurite.connectionString(),
                "accelconn.storage.retry.max-retries", "1",
                "accelconn.storage.retry.base-delay", "PT0.05S",
                "accelconn.storage.retry.max-delay", "PT0.1S");
    }

    @Override
    public void stop() {
        if (azurite != null) {
            azurite.close();
            azurite = null;
        }
        try (Stream<Path> walk = Files.walk(location)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
