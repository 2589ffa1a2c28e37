package io.accelconn.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Values as the Functions host writes them into a custom-handler invocation. The host
 * serialises string payloads and metadata values once more than the binding holds them:
 * a queue message {@code hello} arrives as {@code "\"hello\""}, a JSON message as a string
 * holding a JSON string holding the object. These helpers take such layers off.
 */
public final class HostValues {

    /** A value is peeled at most this often: the host adds one or two layers, never many. */
    private static final int MAX_LAYERS = 3;

    private HostValues() {
    }

    /**
     * {@code value} with the host's string layers removed: a textual node whose text is JSON
     * (a quoted string, an object or an array) is parsed, up to {@value #MAX_LAYERS} times.
     * Text that is not JSON is returned as it is.
     */
    public static JsonNode decoded(JsonNode value, ObjectMapper mapper) {
        JsonNode v = value;
        for (int i = 0; i < MAX_LAYERS && v != null && v.isTextual() && looksLikeJson(v.textValue()); i++) {
            try {
                v = mapper.readTree(v.textValue());
            } catch (JsonProcessingException notJson) {
                return v;
            }
        }
        return v;
    }

    /** A metadata value as text: {@code "\"52d5...\""} becomes {@code 52d5...}; null when absent. */
    public static String text(JsonNode value, ObjectMapper mapper) {
        JsonNode v = decoded(value, mapper);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static boolean looksLikeJson(String s) {
        String t = s.strip();
        return t.startsWith("\"") || t.startsWith("{") || t.startsWith("[");
    }
}
