package io.accelconn.firsthour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.accelconn.testsupport.LocalRun;

/**
 * README's "Your first hour" works as printed: every {@code bash} block of the section runs with
 * {@code bash -c}, in order, against what {@code ./mvnw -Plocal} starts ({@link LocalRun}: Azurite,
 * the emulator with the demo fleet, the packaged app), on free ports instead of 8080 and 8099, the
 * one thing rewritten in the commands. Each must exit 0 and print what the README shows under it.
 */
class WalkthroughIT {

    static final String SECTION = "## Your first hour";

    @Test
    void everyCommandOfTheWalkthroughPrintsWhatTheReadmeShows() throws Exception {
        ReadmeWalkthrough walkthrough = ReadmeWalkthrough.of(Path.of("README.md"), SECTION);
        assertTrue(walkthrough.steps().size() >= 10, "the walkthrough has its commands: " + walkthrough.steps().size());
        Path log = Files.createDirectories(Path.of("target/walkthrough")).resolve("app.log");
        try (LocalRun run = LocalRun.start(LocalRun.Options.forTest(log))) {
            for (ReadmeWalkthrough.Step step : walkthrough.steps()) {
                assertFalse(step.shown().isEmpty(), "README line " + step.line() + ": a command shows what it prints");
                String command = step.command().replace("localhost:8080", "localhost:" + run.appPort())
                        .replace("localhost:8099", "localhost:" + run.arm().port());
                assertFalse(command.contains("8080") || command.contains("8099"),
                        "README line " + step.line() + ": every port is written localhost:8080 or localhost:8099");
                Result result = bash(command);
                assertEquals(0, result.exit(), "README line " + step.line() + " exited " + result.exit() + ":\n"
                        + command + "\n" + result.output());
                String missing = step.missingFrom(result.output());
                assertNull(missing, "README line " + step.line() + ": the output lacks\n  " + missing
                        + "\n(or has it out of order); it printed:\n" + result.output());
            }
        }
    }

    record Result(int exit, String output) {
    }

    /** From the project's folder, as README tells the reader (the commands send samples/ files). */
    static Result bash(String command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("walkthrough-", ".out");
        Process p = new ProcessBuilder("bash", "-c", command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        p.getOutputStream().close();
        // Bounded: the sweep's wait loop is the longest command, a few seconds on the demo fleet.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("still running after 120 s: " + command);
        }
        try {
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.delete(output);
        }
    }
}
