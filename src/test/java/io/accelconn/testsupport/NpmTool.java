package io.accelconn.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A pinned npm package of this checkout under {@code tools/<name>} (package.json and
 * package-lock.json committed, node_modules not), installed with {@code npm ci} on first use:
 * Azurite, Playwright's driver.
 */
final class NpmTool {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private NpmTool() {
    }

    /** {@code tools/<name>} of this checkout, found from the working directory upwards. */
    static Path home(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools").resolve(name);
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("tools/" + name + "/package.json not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Installs the pinned packages when {@code marker} (a file of them, relative to {@code home}) is
     * missing. Two JVMs (parallel Maven builds, an IDE and a build) may get here at once: a file lock
     * lets one install while the other waits, then finds it done.
     */
    static synchronized Path ensureInstalled(Path home, String marker) {
        Path file = home.resolve(marker);
        if (Files.isRegularFile(file)) {
            return file;
        }
        // The lock lives outside tools/: npm ci deletes node_modules, and the repo stays clean.
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "accelconn-" + home.getFileName() + "-"
                + HexFormat.of().toHexDigits(home.toAbsolutePath().normalize().toString().hashCode()) + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!Files.isRegularFile(file)) {
                npmCi(home);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + " to install " + home, e);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("`npm ci --no-audit --no-fund` in " + home + " finished but " + file
                    + " is missing: does package.json pin the right package?");
        }
        return file;
    }

    private static void npmCi(Path home) throws IOException {
        List<String> command = List.of(npm(), "ci", "--no-audit", "--no-fund");
        String what = "`npm ci --no-audit --no-fund` in " + home;
        Path log = Files.createTempFile("accelconn-npm-ci-", ".log");
        try {
            Process npm;
            try {
                npm = new ProcessBuilder(command).directory(home.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException(home.getFileName() + " is not installed and npm cannot be run: install "
                        + "Node.js 18+ with npm, or run " + what + " yourself (" + e.getMessage() + ")", e);
            }
            try {
                if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    npm.descendants().forEach(ProcessHandle::destroyForcibly);
                    npm.destroyForcibly();
                    throw new IllegalStateException(what + " did not finish within " + INSTALL_TIMEOUT + ": " + tail(log));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                npm.descendants().forEach(ProcessHandle::destroyForcibly);
                npm.destroyForcibly();
                throw new IllegalStateException("interrupted during " + what, e);
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + npm.exitValue() + ": " + tail(log));
            }
        } finally {
            Files.deleteIfExists(log); // what matters of it is in the exception's message
        }
    }

    static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    static String node() {
        return windows() ? "node.exe" : "node";
    }

    private static String npm() {
        return windows() ? "npm.cmd" : "npm";
    }

    /** The last 2,000 characters of a log, for an exception's message. */
    static String tail(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(no output)" : text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
