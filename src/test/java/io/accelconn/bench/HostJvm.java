package io.accelconn.bench;

import java.io.File;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JVM the Functions host starts the application in ({@code functions/host.json}), for the
 * benchmarks that measure the application's own work: its figures hold for that JVM (C1 only, the
 * serial collector), not for whatever JVM runs Maven.
 */
public final class HostJvm {

    /** Set in a benchmark's JVM that {@link #rerun} started. */
    private static final String MARK = "accelconn.bench.host-jvm";

    /**
     * host.json's JVM options (its arguments before {@code -jar}), without the AppCDS archive: it
     * only shortens the start, and it names the jars from the host's working directory.
     */
    public static List<String> options() throws IOException {
        JsonNode arguments = description("functions/host.json").path("arguments");
        List<String> options = new ArrayList<>();
        for (JsonNode a : arguments) {
            if (a.asText().equals("-jar")) {
                break;
            }
            if (!a.asText().startsWith("-XX:SharedArchiveFile=")) {
                options.add(a.asText());
            }
        }
        return options;
    }

    /** A host file's ({@code functions/host.json}, {@code host.native.json}) custom-handler description: the command it runs and where. */
    static JsonNode description(String hostFile) throws IOException {
        return new ObjectMapper().readTree(Path.of(hostFile).toFile()).path("customHandler").path("description");
    }

    /** Whether this JVM is one {@link #rerun} started. */
    public static boolean inHostJvm() {
        return Boolean.getBoolean(MARK);
    }

    /**
     * Runs {@code benchmark}'s main again in a JVM with {@link #options()} and this one's classpath
     * ({@code exec:java} runs it inside Maven's JVM), passing on the named system properties that
     * are set here; answers its exit code.
     */
    public static int rerun(Class<?> benchmark, String[] args, String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options());
        // Compiler threads that end take their CPU time out of /proc: keep them, so the JIT's share is whole.
        command.add("-XX:-UseDynamicNumberOfCompilerThreads");
        // As the application's own main sets it: the SDK's logging goes where Quarkus's does.
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        command.add("-D" + MARK + "=true");
        for (String p : properties) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.addAll(List.of("-cp", classpath(), benchmark.getName()));
        command.addAll(Arrays.asList(args));
        System.out.println("(in host.json's JVM: " + String.join(" ", options()) + ")");
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private static String classpath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            return Arrays.stream(loader.getURLs()).map(u -> new File(java.net.URI.create(u.toString())).getPath())
                    .collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private HostJvm() {
    }
}
