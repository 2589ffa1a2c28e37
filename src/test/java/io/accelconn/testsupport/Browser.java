package io.accelconn.testsupport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real headless browser for tests: Debian's Chromium driven by Playwright's driver
 * ({@code playwright-core} from npm, pinned in {@code tools/browser}, which downloads no browser of
 * its own). The driver is installed with {@code npm ci} on first use, as Azurite is; Chromium with
 * {@code apt-get install chromium} when it is missing and this runs as root on Debian (CI does);
 * otherwise the test fails and says what to install. {@code ACCELCONN_CHROMIUM} names another
 * Chromium or Chrome executable.
 */
public final class Browser {

    private static final List<Path> KNOWN = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    /** What a script printed (stdout and stderr together) and how it exited. */
    public record Run(int exit, String output) {
    }

    private Browser() {
    }

    /** Runs a Node.js script that {@code require('playwright-core')}s, with {@code CHROMIUM} set to the executable. */
    public static Run node(Path script, Map<String, String> environment, Duration limit) throws IOException, InterruptedException {
        Path driver = NpmTool.home("browser");
        NpmTool.ensureInstalled(driver, "node_modules/playwright-core/package.json");
        Path chromium = chromium();
        Path output = Files.createTempFile("accelconn-browser-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(NpmTool.node(), script.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().putAll(environment);
            pb.environment().put("NODE_PATH", driver.resolve("node_modules").toString());
            pb.environment().put("CHROMIUM", chromium.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(script + " still ran after " + limit + ": "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The Chromium executable, installed from Debian's packages when missing and possible. */
    static synchronized Path chromium() throws IOException, InterruptedException {
        String named = System.getenv("ACCELCONN_CHROMIUM");
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("ACCELCONN_CHROMIUM=" + named + " is not an executable");
            }
            return p;
        }
        Path found = installed();
        if (found != null) {
            return found;
        }
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "accelconn-chromium-install.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            found = installed();
            if (found == null) {
                aptInstall();
                found = installed();
            }
        }
        if (found == null) {
            throw new IllegalStateException("apt-get installed chromium but none of " + KNOWN + " exists");
        }
        return found;
    }

    private static Path installed() {
        return KNOWN.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static void aptInstall() throws IOException, InterruptedException {
        String help = "The status page test needs Chromium: install Debian's package (apt-get install chromium) "
                + "or set ACCELCONN_CHROMIUM to a Chromium or Chrome executable.";
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get")) || !"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(help + " (It is missing, and this is not root on a Debian system to install it.)");
        }
        // A fresh machine may have no package lists yet: update once when the first try fails.
        List<String> log = new ArrayList<>();
        if (apt(log, "install", "-y", "--no-install-recommends", "chromium") == 0) {
            return;
        }
        if (apt(log, "update") != 0 || apt(log, "install", "-y", "--no-install-recommends", "chromium") != 0) {
            throw new IllegalStateException(help + " apt-get failed:\n" + String.join("\n", log));
        }
    }

    private static int apt(List<String> log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("apt-get", "-q"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("accelconn-apt-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.add(String.join(" ", command) + ": still running after " + INSTALL_TIMEOUT);
                return -1;
            }
            log.add(String.join(" ", command) + " exited " + p.exitValue() + ": " + NpmTool.tail(out));
            return p.exitValue();
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
