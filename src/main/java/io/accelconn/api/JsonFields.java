package io.accelconn.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Strict readers for request fields. Every failure names the field by its JSON path, so a
 * caller with a 1,000-item batch learns which item and which field is wrong.
 */
public final class JsonFields {

    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String INVALID_FIELD = "INVALID_FIELD";

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Azure's own limits: 50 tags per resource, names up to 512 and values up to 256 characters. */
    public static final int MAX_TAGS = 50;
    public static final int MAX_TAG_NAME = 512;
    public static final int MAX_TAG_VALUE = 256;

    private JsonFields() {
    }

    public static String requiredText(JsonNode obj, String field, String path, int maxLength) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw RequestRejected.badRequest(MISSING_FIELD, path + field + " is required");
        }
        return text(v, field, path, maxLength);
    }

    public static String optionalText(JsonNode obj, String field, String path, int maxLength) {
        JsonNode v = obj.get(field);
        return v == null || v.isNull() ? null : text(v, field, path, maxLength);
    }

    public static String optionalOneOf(JsonNode obj, String field, String path, Set<String> allowed) {
        String value = optionalText(obj, field, path, 64);
        if (value == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw RequestRejected.badRequest(INVALID_FIELD, path + field + " must be one of " + allowed + ", not '"
                + value + "'");
    }

    public static boolean requiredBoolean(JsonNode obj, String field, String path) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw RequestRejected.badRequest(MISSING_FIELD, path + field + " is required");
        }
        return bool(v, field, path);
    }

    public static boolean optionalBoolean(JsonNode obj, String field, String path) {
        JsonNode v = obj.get(field);
        return v != null && !v.isNull() && bool(v, field, path);
    }

    public static String optionalGuid(JsonNode obj, String field, String path) {
        String value = optionalText(obj, field, path, 36);
        if (value != null && !GUID.matcher(value).matches()) {
            throw RequestRejected.badRequest(INVALID_FIELD, path + field + " must be a subscription GUID");
        }
        return value;
    }

    /** A tag object as Azure allows it: string values, at most 50 tags, Azure's length limits. */
    public static Map<String, String> optionalTags(JsonNode obj, String field, String path) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw RequestRejected.badRequest(INVALID_FIELD, path + field + " must be an object of string values");
        }
        if (v.size() > MAX_TAGS) {
            throw RequestRejected.badRequest(INVALID_FIELD, path + field + " has " + v.size()
                    + " tags; Azure allows " + MAX_TAGS);
        }
        Map<String, String> tags = new LinkedHashMap<>(v.size() * 2);
        var it = v.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw RequestRejected.badRequest(INVALID_FIELD, path + field + "." + e.getKey() + " must be a string");
            }
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_TAG_NAME || e.getValue().textValue().length() > MAX_TAG_VALUE) {
                throw RequestRejected.badRequest(INVALID_FIELD, path + field + ": tag names are 1-" + MAX_TAG_NAME
                        + " characters and values up to " + MAX_TAG_VALUE);
            }
            tags.put(e.getKey(), e.getValue().textValue());
        }
        return tags;
    }

    private static String text(JsonNode v, String field, String path, int maxLength) {
        if (!v.isTextual()) {
            throw RequestRejected.badRequest(INVALID_FIELD, path + field + " must be a string, not " + kind(v));
        }
        String s = v.textValue();
        if (s.isBlank() || s.length() > maxLength) {
            throw RequestRejected.badRequest(INVALID_FIELD, path + field + " must be 1 to " + maxLength + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw RequestRejected.badRequest(INVALID_FIELD, path + field + " contains a control character");
            }
        }
        return s;
    }

    private static boolean bool(JsonNode v, String field, String path) {
        if (!v.isBoolean()) {
            throw RequestRejected.badRequest(INVALID_FIELD, path + field + " must be true or false, not " + kind(v));
        }
        return v.booleanValue();
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
