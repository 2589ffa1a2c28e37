package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.testsupport.SharedReference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The shared wire samples: ../shared/reference next to the project directory. */
final class Reference {
    static final Path DIR = SharedReference.DIR;

    private Reference() {
    }

    static String text(String relative) {
        return SharedReference.text(relative);
    }

    static JsonNode json(String relative) {
        return parse(text(relative));
    }

    static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
