package io.accelconn.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The team's shared folder beside the project ({@code ../shared}): real Azure wire samples
 * under {@code reference/}. Tests read it; the product never does.
 */
public final class SharedReference {

    /** {@code ../shared} next to the project directory. */
    public static final Path SHARED = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolveSibling("shared");
    /** {@code ../shared/reference}. */
    public static final Path DIR = SHARED.resolve("reference");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SharedReference() {
    }

    public static String text(String relative) {
        try {
            return Files.readString(DIR.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String relative) {
        try {
            return MAPPER.readTree(text(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
