package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource SKUs in the raw API shape. Entries may list several locations; like the real API the
 * answer has one entry per (size, location) with {@code locations: [location]}, so a
 * {@code location eq 'x'} filter returns each size once.
 */
final class SkuCatalog {
    static final String BUILT_IN = "/emulator/skus.json";
    private static final Pattern LOCATION_FILTER = Pattern.compile("location\\s+eq\\s+'([^']*)'", Pattern.CASE_INSENSITIVE);

    private volatile ArrayNode entries;

    SkuCatalog() {
        reset();
    }

    void reset() {
        try (InputStream in = SkuCatalog.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) throw new IllegalStateException("missing test resource " + BUILT_IN);
            entries = (ArrayNode) Json.MAPPER.readTree(in).get("value");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the list: either {@code {"value":[...]}} or a bare array of SKU entries. */
    void set(JsonNode skus) {
        JsonNode list = skus.isArray() ? skus : skus.get("value");
        if (list == null || !list.isArray()) throw new IllegalArgumentException("expected {\"value\":[...]} or an array");
        entries = (ArrayNode) list.deepCopy();
    }

    ObjectNode list(String filter) {
        String location = null;
        if (filter != null && !filter.isBlank()) {
            Matcher m = LOCATION_FILTER.matcher(filter);
            if (!m.find()) {
                throw ArmException.badRequest("InvalidFilter", "Only \"location eq '<location>'\" is supported in $filter, got: " + filter);
            }
            location = NicRecord.normalizeLocation(m.group(1));
        }
        ObjectNode out = Json.object();
        ArrayNode value = out.putArray("value");
        for (JsonNode e : entries) {
            for (JsonNode loc : e.path("locations")) {
                String l = loc.asText();
                if (location != null && !l.toLowerCase(Locale.ROOT).equals(location)) continue;
                ObjectNode copy = e.deepCopy();
                copy.putArray("locations").add(l);
                value.add(copy);
            }
        }
        return out;
    }
}
