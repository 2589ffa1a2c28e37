package io.accelconn.emulator;

import io.vertx.core.MultiMap;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as the handlers see it: path split into decoded segments (original case, for ids) and
 * lower-cased segments (for matching: ARM treats provider namespaces and types case-insensitively).
 */
record ArmRequest(String method, String path, List<String> segments, List<String> lower, MultiMap query,
                  MultiMap headers, byte[] body, String baseUrl) {

    static ArmRequest of(String method, String rawPath, MultiMap query, MultiMap headers, byte[] body, String baseUrl) {
        List<String> segs = new ArrayList<>();
        // Empty segments are dropped: SDK clients sometimes join an id that starts with '/' onto a '/'.
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) segs.add(decode(s));
        }
        List<String> low = segs.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        return new ArmRequest(method, "/" + String.join("/", segs), List.copyOf(segs), low, query, headers, body, baseUrl);
    }

    private static String decode(String segment) {
        // '+' is literal in a path, unlike in a query string.
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A query parameter, matched case-insensitively as ARM does ($skipToken vs $skiptoken). */
    String param(String name) {
        for (Map.Entry<String, String> e : query) {
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }

    String header(String name) {
        return headers.get(name);
    }

    String apiVersion() {
        return param("api-version");
    }

    /** The subscription id when the path starts with /subscriptions/{id}, else null. */
    String subscription() {
        return lower.size() >= 2 && lower.get(0).equals("subscriptions") ? segments.get(1) : null;
    }

    boolean isRead() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
