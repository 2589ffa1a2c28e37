package io.accelconn.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/**
 * ARM list pages: {@code {"value":[...],"nextLink":"..."}}. The nextLink is absolute and carries
 * api-version and an opaque {@code $skiptoken} (the last key served), because SDKs follow it
 * verbatim. The body is spliced from stored bytes, so listing 100k NICs parses nothing.
 */
final class ArmPaging {
    private static final byte[] OPEN = "{\"value\":[".getBytes(StandardCharsets.UTF_8);

    private ArmPaging() {
    }

    static <V> ArmResponse list(ArmRequest req, ResourceTable<V> table, String prefix, int pageSize,
                                Function<V, byte[]> render) {
        String token = req.param("$skiptoken");
        String after = null;
        if (token != null) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ArmException.badRequest("InvalidSkipToken", "The $skiptoken '" + token + "' is not valid.");
            }
            if (!after.startsWith(prefix)) {
                throw ArmException.badRequest("InvalidSkipToken", "The $skiptoken does not belong to this list.");
            }
        }
        ResourceTable.Page<V> page = table.page(prefix, after, pageSize);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            out.write(OPEN);
            boolean first = true;
            for (V v : page.items()) {
                if (!first) out.write(',');
                out.write(render.apply(v));
                first = false;
            }
            out.write(']');
            if (page.more()) {
                String next = req.baseUrl() + req.path() + "?" + queryWithout(req, "$skiptoken") + "&$skiptoken="
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(page.lastKey().getBytes(StandardCharsets.UTF_8));
                out.write(",\"nextLink\":".getBytes(StandardCharsets.UTF_8));
                out.write(Json.MAPPER.writeValueAsBytes(next));
            }
            out.write('}');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ArmResponse.raw(200, out.toByteArray());
    }

    /** The request's own query (api-version, statusOnly, ...) minus {@code name}, re-encoded. */
    static String queryWithout(ArmRequest req, String name) {
        StringBuilder sb = new StringBuilder();
        req.query().forEach(e -> {
            if (e.getKey().equalsIgnoreCase(name)) return;
            if (sb.length() > 0) sb.append('&');
            sb.append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        });
        return sb.toString();
    }
}
