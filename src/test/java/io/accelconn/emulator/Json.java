package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** One plain ObjectMapper for the emulator (not Quarkus's: the emulator runs outside any container too). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode parseObject(byte[] bytes) {
        return (ObjectNode) parse(bytes);
    }

    /** Parses a request body, or throws the 400 ARM answers for a body it cannot read. */
    static ObjectNode requestObject(byte[] body) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : MAPPER.readTree(body);
        } catch (IOException e) {
            throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: " + firstLine(e));
        }
        if (node == null || !node.isObject()) {
            throw ArmException.badRequest("InvalidRequestFormat", "Cannot parse the request: the body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    /** Jackson's messages carry a source excerpt after the first line; the client needs only the reason. */
    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child object {@code name} of {@code parent}, created when absent or not an object. */
    static ObjectNode child(ObjectNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n instanceof ObjectNode o) return o;
        return parent.putObject(name);
    }

    /** ARM's error envelope, used for every non-2xx answer. */
    static ObjectNode error(String code, String message) {
        ObjectNode root = object();
        ObjectNode e = root.putObject("error");
        e.put("code", code);
        e.put("message", message);
        return root;
    }
}
