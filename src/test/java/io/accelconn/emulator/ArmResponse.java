package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, extra headers, body bytes (JSON, or empty). */
record ArmResponse(int status, Map<String, String> headers, byte[] body) {
    private static final byte[] EMPTY = new byte[0];

    static ArmResponse json(int status, JsonNode body) {
        return new ArmResponse(status, new LinkedHashMap<>(), Json.bytes(body));
    }

    static ArmResponse raw(int status, byte[] body) {
        return new ArmResponse(status, new LinkedHashMap<>(), body);
    }

    static ArmResponse empty(int status) {
        return new ArmResponse(status, new LinkedHashMap<>(), EMPTY);
    }

    static ArmResponse error(ArmException e) {
        ArmResponse r = json(e.status, Json.error(e.code, e.getMessage()));
        r.headers().putAll(e.headers);
        return r;
    }

    ArmResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
