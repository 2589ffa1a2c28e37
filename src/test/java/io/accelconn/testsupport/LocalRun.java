package io.accelconn.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.EmulatorOptions;
import io.accelconn.emulator.FleetSpec;

/**
 * {@code ./mvnw -Plocal}: the function set on this machine with embedded defaults. Starts
 * Azurite (Table and Queue services) and, unless an Azure cloud is configured, the ARM emulator
 * with a small demo fleet; then runs the packaged application on {@code http://127.0.0.1:8080}
 * until Ctrl-C, with a stand-in for the Functions host's queue trigger that hands the sweep's
 * work items to {@code /sweep-worker}. Everything listens on loopback only.
 */
public final class LocalRun {

    public static void main(String[] args) throws Exception {
        int appPort = Integer.getInteger("accelconn.local.port", 8080);
        boolean useAzure = System.getenv("ACCELCONN_AZURE_CLOUD") != null;
        List<AutoCloseable> started = new ArrayList<>();
        Map<String, String> config = new LinkedHashMap<>();
        try (Azurite azurite = Azurite.start()) {
            config.put("accelconn.storage.connection-string", azurite.connectionString());
            ArmEmulator arm = null;
            if (!useAzure) {
                arm = ArmEmulator.start(EmulatorOptions.builder().port(Integer.getInteger("accelconn.local.arm-port", 8099))
                        .build());
                started.add(arm);
                var fleet = arm.seedFleet(new FleetSpec(2, 50, 2, FleetSpec.DEFAULT_LOCATIONS, 0.5, 0.2, 42));
                config.put("accelconn.azure.cloud", "Custom");
                config.put("accelconn.azure.resource-manager-endpoint", arm.baseUrl() + "/");
                config.put("accelconn.azure.authentication", "static-token");
                config.put("accelconn.azure.static-token", "local-emulator");
                config.put("accelconn.azure.lro.poll-interval", "PT0.05S");
                System.out.println("ARM emulator: " + arm.baseUrl() + " with " + fleet);
            }
            String key = apiKey(useAzure);
            // The packaged app runs in the prod profile; a person reads this console, not a log pipeline.
            config.put("quarkus.log.console.json.enabled", "false");
            Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing; ./mvnw -Plocal packages it first");
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.http.port=" + appPort));
            config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.add("-jar");
            cmd.add(jar.toString());
            ProcessBuilder launch = new ProcessBuilder(cmd).inheritIO();
            // Through the environment, not -D: a command line is visible to every local user.
            launch.environment().putIfAbsent("ACCELCONN_SECURITY_API_KEYS", key);
            Process app = launch.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.destroy();
            }));
            awaitAnswer(appPort, app);
            QueueTriggerDriver sweepWorker = QueueTriggerDriver.sweepWorker(azurite.connectionString(), "accelconn-sweep",
                    "http://127.0.0.1:" + appPort).withFunctionKey(key);
            started.add(sweepWorker);
            sweepWorker.startPolling();
            System.out.println("""

                    accelconn runs on http://127.0.0.1:%d (Azurite tables on %d; sweep work items go to /sweep-worker).
                    Ctrl-C stops everything.
                    API key (x-functions-key header or ?code=) for /events, /enforce, /audit, /sweep*: %s
                      curl -s localhost:%d/eligibility -H 'Content-Type: application/json' \\
                        -d '{"region":"eastus2","vmSize":"Standard_D8s_v4","acceleratedNetworking":true}'
                      curl -s 'localhost:%d/audit?limit=5' -H 'x-functions-key: %s'
                      curl -s -i localhost:%d/sweep -H 'x-functions-key: %s' -H 'Content-Type: application/json' -d '{"mode":"audit"}'
                      curl -s localhost:%d/q/health/ready
                    """.formatted(appPort, azurite.port(), key, appPort, appPort, key, appPort, key, appPort));
            app.waitFor();
        } finally {
            for (AutoCloseable c : started) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("stopping " + c + ": " + e);
                }
            }
        }
    }

    /** Against the emulator, a fixed key so that README's examples work as printed. */
    static final String LOCAL_KEY = "accelconn-local-key-for-the-emulator";

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
    }

    private LocalRun() {
    }

}
