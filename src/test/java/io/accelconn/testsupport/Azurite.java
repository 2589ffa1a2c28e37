package io.accelconn.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Azurite's Table and Queue services as child processes on loopback ports, installed from the
 * pinned {@code tools/azurite} package on first use. The connection string names both endpoints.
 * <p>
 * Tests use {@link #shared()} (one Azurite per JVM); {@link #start()} gives a private one, and
 * {@link #startPersistent} one that keeps its tables on disk across a stop and a restart. As a
 * main it serves the local run: {@code ./mvnw -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.accelconn.testsupport.Azurite [-Dexec.args=10002]}.
 */
public final class Azurite implements AutoCloseable {

    /** Azurite's well-known development account; the key is public, not a secret. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    static final String MAIN_JS = "node_modules/azurite/dist/src/table/main.js";
    static final String QUEUE_MAIN_JS = "node_modules/azurite/dist/src/queue/main.js";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    /**
     * Quarkus loads test classes in class loaders of its own, each with its own statics: the
     * shared instance is found through a system property, under a lock every loader sees (string
     * literals are interned JVM-wide).
     */
    private static final String SHARED_PORT = "accelconn.test.azurite.port";
    private static final String SHARED_QUEUE_PORT = "accelconn.test.azurite.queue-port";
    private static final Object SHARED_LOCK = "io.accelconn.testsupport.Azurite#shared";

    private static Azurite shared;

    /** null for a borrowed instance: another class loader started it and stops it. */
    private final Process process;
    private final int port;
    private final Path workDir;
    /** A persistent instance's directory holds its tables: stopping it keeps them. */
    private final boolean persistent;
    private final Thread shutdownHook;
    /** The Queue service: its own process (Azurite runs one service per main), stopped with the Table service. */
    private Process queueProcess;
    private int queuePort;

    private Azurite(Process process, int port, Path workDir) {
        this(process, port, workDir, false);
    }

    private Azurite(Process process, int port, Path workDir, boolean persistent) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.persistent = persistent;
        if (process != null) {
            this.shutdownHook = new Thread(this::kill, "azurite-" + port + "-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            this.shutdownHook = null;
        }
    }

    /** One Azurite for the whole JVM, started on first call and stopped when the JVM exits. */
    public static Azurite shared() {
        synchronized (SHARED_LOCK) {
            if (shared != null && shared.answersAsAzurite()) {
                return shared;
            }
            String port = System.getProperty(SHARED_PORT);
            String queuePort = System.getProperty(SHARED_QUEUE_PORT);
            if (port != null && queuePort != null) {
                Azurite borrowed = new Azurite(null, Integer.parseInt(port), null);
                borrowed.queuePort = Integer.parseInt(queuePort);
                if (borrowed.answersAsAzurite()) {
                    shared = borrowed;
                    return shared;
                }
            }
            shared = start();
            System.setProperty(SHARED_PORT, Integer.toString(shared.port()));
            System.setProperty(SHARED_QUEUE_PORT, Integer.toString(shared.queuePort()));
            return shared;
        }
    }

    /** A private Azurite on a free loopback port; the caller closes it. */
    public static Azurite start() {
        return start(0);
    }

    /** @param port the table port, or 0 for a free one */
    public static Azurite start(int port) {
        Path home = home();
        Path mainJs = ensureInstalled(home);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < (port == 0 ? START_ATTEMPTS : 1); attempt++) {
            int chosen = port == 0 ? freePort() : port;
            Azurite azurite;
            try {
                azurite = launch(mainJs, chosen);
            } catch (IllegalStateException e) {
                // Another process may have bound the free port between our probe and Azurite's bind.
                last = e;
                continue;
            }
            try {
                azurite.launchQueue(home.resolve(QUEUE_MAIN_JS));
                return azurite;
            } catch (IllegalStateException e) {
                azurite.close();
                last = e;
            }
        }
        throw last;
    }

    /**
     * A private Azurite that keeps its tables in {@code location} (created if missing), on
     * {@code port} (0 = a free one): start it again on the same directory and port after
     * {@link #stopGracefully()} and every table is back. The caller deletes the directory.
     */
    public static Azurite startPersistent(Path location, int port) {
        Path mainJs = ensureInstalled(home());
        try {
            Files.createDirectories(location);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return launch(mainJs, port == 0 ? freePort() : port, location);
    }

    /**
     * Stops Azurite the way Ctrl-C does: it stops taking requests, answers those under way, saves
     * its tables and exits. (Azurite saves a persistent location every 5 s and on SIGINT, not on
     * SIGTERM: what a kill sends would lose the last seconds of writes.)
     */
    public void stopGracefully() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            if (!NpmTool.windows()) {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Azurite on port " + port + " did not stop within 15 s of SIGINT");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping Azurite", e);
        } finally {
            close();
        }
    }

    public int port() {
        return port;
    }

    public String tableEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public int queuePort() {
        return queuePort;
    }

    public String queueEndpoint() {
        return "http://127.0.0.1:" + queuePort + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";TableEndpoint=" + tableEndpoint() + ";QueueEndpoint=" + queueEndpoint() + ";";
    }

    @Override
    public void close() {
        if (process == null) {
            return; // borrowed: its owner stops it
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
    }

    /** Runs Azurite in the foreground until the JVM is stopped (Ctrl-C). */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 10002;
        Azurite azurite = start(port);
        System.out.println("Azurite Table service on " + azurite.tableEndpoint() + ", Queue service on "
                + azurite.queueEndpoint());
        System.out.println("accelconn.storage.connection-string=" + azurite.connectionString());
        azurite.process.waitFor();
    }

    private static Azurite launch(Path mainJs, int port) {
        return launch(mainJs, port, null);
    }

    /** @param location where a persistent instance keeps its tables; null: in memory, in a temporary directory */
    private static Azurite launch(Path mainJs, int port, Path location) {
        Path workDir;
        Path log;
        try {
            // Azurite writes next to its working directory (telemetry state, DB files): keep that out of the repo.
            workDir = location != null ? location : Files.createTempDirectory("azurite-");
            log = workDir.resolve("azurite.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = location != null
                ? List.of(node(), mainJs.toString(), "--tableHost", "127.0.0.1", "--tablePort", Integer.toString(port),
                        "--location", location.toString(), "--silent", "--disableTelemetry")
                : List.of(node(), mainJs.toString(), "--tableHost", "127.0.0.1", "--tablePort", Integer.toString(port),
                        "--inMemoryPersistence", "--silent", "--disableTelemetry");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            deleteTree(workDir);
            throw new IllegalStateException("cannot run `node`: Azurite needs Node.js 18+ on the PATH ("
                    + e.getMessage() + ")", e);
        }
        Azurite azurite = new Azurite(process, port, workDir, location != null);
        try {
            azurite.awaitReady(log);
            return azurite;
        } catch (RuntimeException e) {
            azurite.close();
            throw e;
        }
    }

    /** The Queue service beside the Table service, on a free port, in the same work directory. */
    private void launchQueue(Path queueMainJs) {
        Path log = workDir.resolve("azurite-queue.log");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int chosen = freePort();
            List<String> command = List.of(node(), queueMainJs.toString(),
                    "--queueHost", "127.0.0.1", "--queuePort", Integer.toString(chosen),
                    "--inMemoryPersistence", "--silent", "--disableTelemetry");
            try {
                queueProcess = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run `node` for Azurite's Queue service (" + e.getMessage() + ")", e);
            }
            queuePort = chosen;
            try {
                awaitReady(queueProcess, chosen, log, this::queueAnswers);
                return;
            } catch (IllegalStateException e) {
                stop(queueProcess);
                queueProcess = null;
                last = e;
            }
        }
        throw last;
    }

    /**
     * Ready means our own Azurite answers: a bare TCP connect could reach whoever else grabbed
     * the port, so check the {@code Server} header too.
     */
    private void awaitReady(Path log) {
        awaitReady(process, port, log, this::answersAsAzurite);
    }

    private static void awaitReady(Process process, int port, Path log, java.util.function.BooleanSupplier answers) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + " on port " + port
                        + ": " + NpmTool.tail(log));
            }
            if (answers.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Azurite", e);
            }
        }
        throw new IllegalStateException("Azurite did not answer on port " + port + " within " + STARTUP_TIMEOUT
                + ": " + NpmTool.tail(log));
    }

    private boolean answersAsAzurite() {
        return serverHeaderStartsWith(tableEndpoint() + "/Tables", "Azurite-Table")
                && (queuePort == 0 || queueAnswers());
    }

    private boolean queueAnswers() {
        return serverHeaderStartsWith(queueEndpoint() + "?comp=list", "Azurite-Queue");
    }

    private static boolean serverHeaderStartsWith(String url, String server) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(2000);
            try {
                c.getResponseCode(); // 403 without a signature: any answer will do
                String header = c.getHeaderField("Server");
                return header != null && header.startsWith(server);
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private void kill() {
        if (queueProcess != null) {
            stop(queueProcess);
        }
        stop(process);
        if (!persistent) {
            deleteTree(workDir);
        }
    }

    private static void stop(Process process) {
        // npm-style launchers may fork: take the children down with the process.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    // ---- installation ----

    /** {@code tools/azurite} of this checkout, found from the working directory upwards. */
    static Path home() {
        return NpmTool.home("azurite");
    }

    /** Installs the pinned Azurite when it is missing (see {@link NpmTool#ensureInstalled}). */
    static Path ensureInstalled(Path home) {
        try {
            return NpmTool.ensureInstalled(home, MAIN_JS);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Azurite: " + e.getMessage(), e);
        }
    }

    private static String node() {
        return NpmTool.node();
    }

    // ---- helpers ----

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
