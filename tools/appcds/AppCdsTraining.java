import java.io.IOException;
import java.net.ConnectException;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dumps target/quarkus-app/app-cds.jsa from a training run that boots the packaged application and
 * serves the requests of a cold start, so the archive holds what the first answer loads as well as
 * what boot loads. Quarkus' own AppCDS step ({@code quarkus.package.jar.appcds.enabled}) stops the
 * application after static init: the HTTP server, Funqy's invokers, Micrometer's binders and the
 * first request's classes (about 2,800 on Java 17) were loaded from the jars and verified at every
 * start.
 *
 * <p>The application runs as functions/host.json starts it (its arguments, with
 * {@code -XX:SharedArchiveFile} turned into {@code -XX:ArchiveClassesAtExit}), on a free loopback
 * port, with no storage or ARM endpoint: {@code GET /} (the host's readiness poll), one
 * {@code POST /eligibility}, and the Event Grid validation handshake on {@code POST /events}, none
 * of which calls Azure. Then SIGTERM: the JVM writes the archive as it exits. Only the JDK build that
 * runs this maps the archive (README "Cold start").
 *
 * <pre>java tools/appcds/AppCdsTraining.java target/quarkus-app functions/host.json</pre>
 * The build runs it in the package phase (pom.xml, exec-maven-plugin), with the JDK that runs Maven.
 * JDK only: a single-file program, so the build needs nothing but {@code java}.
 */
public final class AppCdsTraining {

    static final String ARCHIVE = "app-cds.jsa";
    static final Duration LIMIT = Duration.ofSeconds(180);

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: AppCdsTraining <quarkus-app directory> <host.json>");
        }
        Path app = Path.of(args[0]).toAbsolutePath();
        Path archive = app.resolve(ARCHIVE);
        // Beside the application, not in it: infra/package.sh zips quarkus-app/ whole.
        Path log = app.resolveSibling("app-cds-training.log");
        Files.deleteIfExists(archive);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : hostArguments(Files.readString(Path.of(args[1])))) {
            command.add(a.startsWith("-XX:SharedArchiveFile=") ? "-XX:ArchiveClassesAtExit=" + ARCHIVE : a);
        }
        if (!command.contains("-XX:ArchiveClassesAtExit=" + ARCHIVE)) {
            throw new IllegalStateException(args[1] + " does not start the JVM with -XX:SharedArchiveFile=" + ARCHIVE);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ACCELCONN_") || k.equals("AzureWebJobsStorage"));
        builder.environment().put("FUNCTIONS_CUSTOMHANDLER_PORT", Integer.toString(port));
        // The restart journal's check would build Table clients with no storage to reach.
        builder.environment().put("ACCELCONN_ENFORCE_RESTART_JOURNAL_START_DELAY", "PT1H");
        System.out.println("AppCdsTraining: " + String.join(" ", command) + " (in " + app + ", port " + port + ")");

        long start = System.nanoTime();
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            awaitReady(http, process, URI.create(base + "/"), start, log);
            expect(http, post(base + "/eligibility", """
                    {"region":"East US 2","vmSize":"Standard_D16s_v4","acceleratedNetworking":true}"""), "\"eligible\":true");
            expect(http, post(base + "/events", """
                    [{"id":"appcds-training","topic":"/subscriptions/00000000-0000-0000-0000-000000000000",
                      "subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
                      "eventTime":"2026-01-01T00:00:00Z","dataVersion":"2","metadataVersion":"1",
                      "data":{"validationCode":"appcds-training"}}]""", "aeg-event-type", "SubscriptionValidation"), "appcds-training");
        } finally {
            process.destroy();
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the training run did not exit on SIGTERM; see " + log);
            }
        }
        if (!Files.exists(archive)) {
            throw new IllegalStateException("no " + archive + " after the training run (does this JDK support dynamic CDS "
                    + "archives?); see " + log);
        }
        System.out.printf("AppCdsTraining: %s, %.1f MiB, in %.1f s%n", archive, Files.size(archive) / 1048576.0,
                (System.nanoTime() - start) / 1e9);
    }

    /** customHandler.description.arguments of a host.json, in order. */
    static List<String> hostArguments(String hostJson) {
        Matcher list = Pattern.compile("\"arguments\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(hostJson);
        if (!list.find()) {
            throw new IllegalArgumentException("host.json names no customHandler arguments");
        }
        List<String> arguments = new ArrayList<>();
        Matcher item = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(list.group(1));
        while (item.find()) {
            arguments.add(item.group(1));
        }
        return arguments;
    }

    static void awaitReady(HttpClient http, Process process, URI root, long start, Path log) throws Exception {
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() - start > LIMIT.toNanos()) {
                throw new IllegalStateException("the application did not answer GET / within " + LIMIT);
            }
            try {
                if (http.send(HttpRequest.newBuilder(root).timeout(LIMIT).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notListeningYet) {
                // fall through to the pause
            }
            Thread.sleep(20);
        }
    }

    static HttpRequest post(String uri, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(LIMIT).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    static void expect(HttpClient http, HttpRequest request, String fragment) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.body().contains(fragment)) {
            throw new IllegalStateException(request.uri() + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private AppCdsTraining() {
    }
}
