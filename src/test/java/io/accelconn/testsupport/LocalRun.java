package io.accelconn.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.DemoFleet;
import io.accelconn.emulator.EmulatorOptions;

/**
 * {@code ./mvnw -Plocal}: the function set on this machine with embedded defaults. Starts
 * Azurite (Table and Queue services) and, unless an Azure cloud is configured, the ARM emulator
 * with the demo fleet ({@link DemoFleet}); then runs the packaged application on
 * {@code http://127.0.0.1:8080} until Ctrl-C, with a stand-in for the Functions host's queue
 * trigger that hands the sweep's work items to {@code /sweep-worker}. Everything listens on
 * loopback only. Tests start the same thing on free ports through {@link #start(Options)}.
 */
public final class LocalRun implements AutoCloseable {

    /** Against the emulator, a fixed key so that README's examples work as printed. */
    public static final String LOCAL_KEY = "accelconn-local-key-for-the-emulator";

    /**
     * @param appPort the app's port (README's examples say 8080)
     * @param armPort the emulator's port (README's examples say 8099)
     * @param useAzure talk to Azure (ACCELCONN_AZURE_CLOUD set) instead of the emulator
     * @param appLog where the app's output goes; null: this console
     */
    public record Options(int appPort, int armPort, boolean useAzure, Path appLog) {

        /** What {@code ./mvnw -Plocal} runs: ports from -Daccelconn.local.port / arm-port, else 8080 and 8099. */
        static Options fromEnvironment() {
            return new Options(Integer.getInteger("accelconn.local.port", 8080),
                    Integer.getInteger("accelconn.local.arm-port", 8099), System.getenv("ACCELCONN_AZURE_CLOUD") != null,
                    null);
        }

        /** For tests: free ports, the emulator, the app's output in {@code appLog}. */
        public static Options forTest(Path appLog) {
            return new Options(Azurite.freePort(), 0, false, appLog);
        }
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Options options;
    private Azurite azurite;
    private ArmEmulator arm;
    private Process app;
    private String key;

    private LocalRun(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        try (LocalRun run = start(Options.fromEnvironment())) {
            Runtime.getRuntime().addShutdownHook(new Thread(run.app::destroy));
            int port = run.appPort();
            System.out.println("""

                    accelconn runs on http://127.0.0.1:%d (Azurite tables on %d; sweep work items go to /sweep-worker).
                    Status page: http://127.0.0.1:%d/   Walkthrough: README "Your first hour".   Ctrl-C stops everything.
                    API key (x-functions-key header or ?code=) for /events, /enforce, /audit, /sweep*: %s
                      curl -s localhost:%d/eligibility -H 'Content-Type: application/json' \\
                        -d '{"region":"eastus2","vmSize":"Standard_D8s_v4","acceleratedNetworking":true}'
                      curl -s 'localhost:%d/audit?limit=5' -H 'x-functions-key: %s'
                      curl -s localhost:%d/q/health/ready
                    """.formatted(port, run.azurite.port(), port, run.key, port, port, run.key, port));
            run.app.waitFor();
        }
    }

    /** Starts Azurite, the emulator with the demo fleet (unless Azure) and the packaged app; returns once the app answers. */
    public static LocalRun start(Options options) throws IOException, InterruptedException {
        LocalRun run = new LocalRun(options);
        try {
            run.launch();
            return run;
        } catch (IOException | InterruptedException | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private void launch() throws IOException, InterruptedException {
        Map<String, String> config = new LinkedHashMap<>();
        azurite = Azurite.start();
        started.add(azurite);
        config.put("accelconn.storage.connection-string", azurite.connectionString());
        if (!options.useAzure()) {
            arm = ArmEmulator.start(EmulatorOptions.builder().port(options.armPort()).build());
            started.add(arm);
            DemoFleet.seed(arm);
            config.put("accelconn.azure.cloud", "Custom");
            config.put("accelconn.azure.resource-manager-endpoint", arm.baseUrl() + "/");
            config.put("accelconn.azure.authentication", "static-token");
            config.put("accelconn.azure.static-token", "local-emulator");
            config.put("accelconn.azure.lro.poll-interval", "PT0.05S");
            System.out.println("ARM emulator: " + arm.baseUrl() + " (any bearer token) with the demo fleet "
                    + "(README \"The demo fleet\"):");
            System.out.print(DemoFleet.table());
        }
        key = apiKey(options.useAzure());
        // The packaged app runs in the prod profile; a person reads this console, not a log pipeline.
        config.put("quarkus.log.console.json.enabled", "false");
        List<String> cmd = new ArrayList<>(appCommand());
        cmd.add(1, "-Dquarkus.http.port=" + options.appPort());
        config.forEach((k, v) -> cmd.add(1, "-D" + k + "=" + v));
        ProcessBuilder launch = new ProcessBuilder(cmd);
        if (options.appLog() == null) {
            launch.inheritIO();
        } else {
            launch.redirectErrorStream(true).redirectOutput(options.appLog().toFile());
        }
        // Through the environment, not -D: a command line is visible to every local user.
        launch.environment().putIfAbsent("ACCELCONN_SECURITY_API_KEYS", key);
        app = launch.start();
        awaitAnswer(options.appPort(), app);
        QueueTriggerDriver sweepWorker = QueueTriggerDriver.sweepWorker(azurite.connectionString(), "accelconn-sweep",
                baseUrl()).withFunctionKey(key);
        started.add(sweepWorker);
        sweepWorker.startPolling();
    }

    /**
     * The packaged JVM app; the native executable when {@code native.image.path} names one (the
     * {@code -Pnative} integration tests). System properties come right after the program either way.
     */
    private static List<String> appCommand() {
        String nativeImage = System.getProperty("native.image.path");
        if (nativeImage != null && Files.isExecutable(Path.of(nativeImage))) {
            return List.of(nativeImage);
        }
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; ./mvnw -Plocal packages it first (tests: ./mvnw verify)");
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
    }

    public int appPort() {
        return options.appPort();
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + options.appPort();
    }

    /** The emulator; null against Azure. */
    public ArmEmulator arm() {
        return arm;
    }

    public String apiKey() {
        return key;
    }

    @Override
    public void close() {
        if (app != null) {
            app.destroy();
            try {
                if (!app.waitFor(20, TimeUnit.SECONDS)) {
                    app.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                app.destroyForcibly();
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping " + started.get(i) + ": " + e);
            }
        }
    }

    /**
     * ACCELCONN_SECURITY_API_KEYS when set; else the fixed local key against the emulator, and a
     * random one against real Azure, where a key anyone can read in the README must not guard real NICs.
     */
    private static String apiKey(boolean useAzure) {
        String fromEnv = System.getenv("ACCELCONN_SECURITY_API_KEYS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.split(",")[0].trim();
        }
        if (!useAzure) {
            return LOCAL_KEY;
        }
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }

    /** Like the Functions host: work is sent only once {@code GET /} answers. */
    private static void awaitAnswer(int port, Process app) throws InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            try {
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the app did not answer GET / on port " + port + " within 60 s"
                + (app.isAlive() ? "" : " (it exited with " + app.exitValue() + ")"));
    }
}
