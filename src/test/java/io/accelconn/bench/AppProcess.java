package io.accelconn.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged application ({@code target/quarkus-app}) as a child process on a free loopback port,
 * with {@link #API_KEY} as its one API key ({@link HttpLoad} sends it).
 */
public final class AppProcess implements AutoCloseable {

    /** The key benchmarks call protected functions with; loopback only, never a real one. */
    public static final String API_KEY = "accelconn-benchmark-key-7d41c0e2";

    private final Process process;
    private final int port;

    private AppProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param config extra {@code -Dkey=value} settings for the application */
    public static AppProcess start(Map<String, String> config) throws IOException, InterruptedException {
        return start(List.of(), config);
    }

    /** @param jvmOptions options for the application's JVM, e.g. its heap and collector */
    public static AppProcess start(List<String> jvmOptions, Map<String, String> config) throws IOException, InterruptedException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package -DskipTests first");
        }
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.log.level=WARN",
                "-Daccelconn.security.api-keys=" + API_KEY));
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        AppProcess app = new AppProcess(p, port);
        app.awaitReady();
        return app;
    }

    public int port() {
        return port;
    }

    /** CPU time the application has used so far: on a shared machine a fairer figure than wall time. */
    public java.time.Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    /** Like the Functions host: poll GET / until anything answers. */
    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited with " + process.exitValue());
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        throw new IllegalStateException("the application did not answer within 60 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
