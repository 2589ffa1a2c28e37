package io.accelconn.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.azure.data.tables.TableServiceClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.EmulatorOptions;
import io.accelconn.testsupport.Azurite;

/**
 * Cold start of the packaged application, JVM jar and native executable measured the same way:
 * the application is started as the Functions host starts it (the command line of
 * {@code functions/host.json} or {@code host.native.json}, the port in
 * {@code FUNCTIONS_CUSTOMHANDLER_PORT}, storage in {@code AzureWebJobsStorage}), then
 * <ol>
 * <li>{@code POST /eligibility} is sent until it is answered (connection refused until the port
 * opens): time from exec to that answer, and the process's RSS;</li>
 * <li>one NIC write event is delivered to {@code POST /events} (Azurite tables, the ARM emulator:
 * claim, NIC read, PUT with If-Match, record): time from exec to its answer, and RSS.</li>
 * </ol>
 * Each run is a new process with a NIC of its own; the audit table exists beforehand, as infra
 * creates it. Prints every run and the median; beside wall time, the CPU time the process had used
 * (all threads), which says what the start costs even when the machine is busy with other work.
 * Loopback only; bounded by runs and a 120 s limit each.
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * ./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false \
 *     -Dexec.mainClass=io.accelconn.bench.ColdStartBenchmark [-Dexec.args="jvm native 5"]
 * </pre>
 * Arguments: {@code jvm} and/or {@code native} (default: {@code jvm}, and {@code native} when
 * {@code target/*-runner} exists; see README "Native executable"), then the number of runs (default 5).
 */
public final class ColdStartBenchmark {

    static final String SUB = "11111111-2222-4333-8444-555555555555";
    static final Duration LIMIT = Duration.ofSeconds(120);
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Wall time from exec, CPU time the process used by then (all its threads), RSS. */
    record Run(double eligibilityMillis, double eligibilityCpuMillis, long eligibilityRssKiB,
            double eventMillis, double eventCpuMillis, long eventRssKiB) {
    }

    /** Linux reports CPU time in clock ticks of 1/100 s (getconf CLK_TCK) on every platform Java runs on here. */
    static final double MILLIS_PER_TICK = 10.0;

    public static void main(String[] args) throws Exception {
        int status = 1;
        try {
            measure(args);
            status = 0;
        } catch (Exception | Error e) {
            e.printStackTrace();
        } finally {
            // The table client below starts the SDK's default Vert.x, whose threads are not daemons:
            // exec:java would wait for them for ever, after a failed run too.
            System.exit(status);
        }
    }

    static void measure(String[] args) throws Exception {
        List<String> variants = new ArrayList<>();
        int runs = 5;
        for (String a : args) {
            if (a.matches("\\d+")) {
                runs = Integer.parseInt(a);
            } else {
                variants.add(a);
            }
        }
        if (variants.isEmpty()) {
            variants.add("jvm");
            if (nativeExecutable() != null) {
                variants.add("native");
            }
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (Azurite azurite = Azurite.start();
                ArmEmulator arm = ArmEmulator.start(EmulatorOptions.builder().lroPollsBeforeSucceeded(0).build())) {
            new TableServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                    .createTableIfNotExists("AccelConnAudit");
            // The measuring side warms up first: its own first request must not be counted.
            send(http, HttpRequest.newBuilder(URI.create(arm.baseUrl() + "/_emulator/counts")).build());
            for (String variant : variants) {
                List<String> command = command(variant);
                Path directory = directory(variant);
                List<Run> results = new ArrayList<>();
                System.out.println(variant + ": (in " + directory + ") " + String.join(" ", command));
                for (int i = 0; i < runs; i++) {
                    String nic = putNic(arm, "cold-" + variant + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 8));
                    Run run = once(http, command, directory, environment(azurite, arm), arm, nic);
                    results.add(run);
                    System.out.printf("  run %d: first /eligibility %.0f ms (CPU %.0f ms, RSS %.1f MiB), "
                            + "first /events %.0f ms (CPU %.0f ms, RSS %.1f MiB)%n", i + 1, run.eligibilityMillis(),
                            run.eligibilityCpuMillis(), run.eligibilityRssKiB() / 1024.0, run.eventMillis(), run.eventCpuMillis(),
                            run.eventRssKiB() / 1024.0);
                }
                System.out.printf("%s median of %d: first /eligibility %.0f ms (CPU %.0f ms), RSS %.1f MiB; "
                        + "first /events %.0f ms (CPU %.0f ms), RSS %.1f MiB%n", variant, runs,
                        median(results, Run::eligibilityMillis), median(results, Run::eligibilityCpuMillis),
                        median(results, r -> r.eligibilityRssKiB() / 1024.0), median(results, Run::eventMillis),
                        median(results, Run::eventCpuMillis), median(results, r -> r.eventRssKiB() / 1024.0));
            }
        }
    }

    static Run once(HttpClient http, List<String> command, Path directory, Map<String, String> env, ArmEmulator arm, String nic)
            throws Exception {
        int port = AppProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        builder.environment().put("FUNCTIONS_CUSTOMHANDLER_PORT", Integer.toString(port));
        String base = "http://127.0.0.1:" + port;
        HttpRequest eligibility = HttpRequest.newBuilder(URI.create(base + "/eligibility")).timeout(LIMIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"region":"East US 2","vmSize":"Standard_D16s_v4","acceleratedNetworking":true}""")).build();
        HttpRequest event = HttpRequest.newBuilder(URI.create(base + "/events")).timeout(LIMIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventsBenchmark.event(nic).toString())).build();

        long start = System.nanoTime();
        Process app = builder.start();
        try {
            HttpResponse<String> answer = null;
            while (answer == null) {
                if (!app.isAlive()) {
                    throw new IllegalStateException("the application exited with " + app.exitValue());
                }
                if (System.nanoTime() - start > LIMIT.toNanos()) {
                    throw new IllegalStateException("no answer within " + LIMIT);
                }
                try {
                    answer = send(http, eligibility);
                } catch (IOException notListeningYet) {
                    Thread.sleep(2);
                }
            }
            double eligibilityMillis = (System.nanoTime() - start) / 1e6;
            double eligibilityCpu = cpuMillis(app.pid());
            require(answer, 200, "\"eligible\":true");
            long eligibilityRss = rssKiB(app.pid());

            HttpResponse<String> delivered = send(http, event);
            double eventMillis = (System.nanoTime() - start) / 1e6;
            double eventCpu = cpuMillis(app.pid());
            require(delivered, 200, "\"decision\":\"APPLIED\"");
            if (!"AcceleratedConnections".equals(arm.nic(nic).orElseThrow().path("properties").path("auxiliaryMode").asText())) {
                throw new IllegalStateException("the event was answered but " + nic + " was not written");
            }
            return new Run(eligibilityMillis, eligibilityCpu, eligibilityRss, eventMillis, eventCpu, rssKiB(app.pid()));
        } finally {
            app.destroy();
            if (!app.waitFor(10, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The command line the Functions host runs: host.json's (JVM) or host.native.json's (native), in its working directory. */
    static List<String> command(String variant) throws IOException {
        JsonNode description;
        List<String> command = new ArrayList<>();
        if (variant.equals("native")) {
            Path executable = nativeExecutable();
            if (executable == null) {
                throw new IllegalStateException("no target/*-runner: build it with ../shared/tools/native-build/native-build.sh");
            }
            description = HostJvm.description("functions/host.native.json");
            command.add(executable.toAbsolutePath().toString());
        } else if (variant.equals("jvm")) {
            if (!Files.exists(Path.of("target/quarkus-app/quarkus-run.jar"))) {
                throw new IllegalStateException("target/quarkus-app/quarkus-run.jar is missing: run ./mvnw package -DskipTests first");
            }
            description = HostJvm.description("functions/host.json");
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        } else {
            throw new IllegalArgumentException("unknown variant '" + variant + "': jvm or native");
        }
        for (JsonNode a : description.path("arguments")) {
            // Relative to the working directory (see directory(...)), as the host runs them.
            command.add(a.asText());
        }
        return command;
    }

    /**
     * The host's working directory: host.json's {@code workingDirectory}, relative to the zip's root,
     * where {@code app/} is target/quarkus-app (the JVM starts in it: the AppCDS archive names the
     * jars by the relative paths it was dumped with).
     */
    static Path directory(String variant) throws IOException {
        String host = variant.equals("native") ? "functions/host.native.json" : "functions/host.json";
        String dir = HostJvm.description(host).path("workingDirectory").asText("");
        Path root = Path.of("").toAbsolutePath();
        return dir.equals("app") || dir.startsWith("app/") ? root.resolve("target/quarkus-app" + dir.substring(3)) : root.resolve(dir);
    }

    static Path nativeExecutable() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner") && Files.isExecutable(p))
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** App settings as the Functions host passes them: environment variables. */
    static Map<String, String> environment(Azurite azurite, ArmEmulator arm) {
        Map<String, String> env = new TreeMap<>();
        env.put("AzureWebJobsStorage", azurite.connectionString());
        env.put("ACCELCONN_AZURE_CLOUD", "Custom");
        env.put("ACCELCONN_AZURE_RESOURCE_MANAGER_ENDPOINT", arm.baseUrl() + "/");
        env.put("ACCELCONN_AZURE_AUTHENTICATION", "static-token");
        env.put("ACCELCONN_AZURE_STATIC_TOKEN", "cold-start");
        env.put("ACCELCONN_AZURE_LRO_POLL_INTERVAL", "PT0.01S");
        return env;
    }

    static String putNic(ArmEmulator arm, String name) {
        String id = "/subscriptions/" + SUB + "/resourceGroups/rg-cold/providers/Microsoft.Network/networkInterfaces/" + name;
        ObjectNode nic = MAPPER.createObjectNode().put("location", "eastus2");
        nic.putObject("tags").put("accelconn-vm-size", "Standard_D8s_v4");
        nic.putObject("properties").put("enableAcceleratedNetworking", true);
        arm.putNic(id, nic);
        return id;
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void require(HttpResponse<String> r, int status, String fragment) {
        if (r.statusCode() != status || !r.body().contains(fragment)) {
            throw new IllegalStateException(r.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** utime + stime of the process, all threads: the work a cold start costs, whatever else the machine runs. */
    static double cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime and stime are fields 14 and 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
    }

    static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private ColdStartBenchmark() {
    }
}
