package io.accelconn.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Azure tag names are case-insensitive: {@code FastPathEnabled} and {@code fastpathenabled}
 * are one tag. Every tag lookup in the rules goes through here.
 */
public final class Tags {

    private Tags() {
    }

    /** The key as the resource spells it, or null. */
    public static String findKey(Map<String, String> tags, String name) {
        if (tags == null || tags.isEmpty()) {
            return null;
        }
        if (tags.containsKey(name)) {
            return name;
        }
        for (String key : tags.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return null;
    }

    public static String get(Map<String, String> tags, String name) {
        String key = findKey(tags, name);
        return key == null ? null : tags.get(key);
    }

    public static boolean isTrue(Map<String, String> tags, String name) {
        String value = get(tags, name);
        return value != null && value.trim().equalsIgnoreCase("true");
    }

    /**
     * The user's tags with the required ones set. Keeps every user tag and the user's spelling
     * of a key; a value that already matches ignoring case ({@code TRUE} for {@code true}) is
     * left alone, so no write happens only to change its case.
     */
    public static Map<String, String> merge(Map<String, String> userTags, Map<String, String> required) {
        Map<String, String> merged = userTags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(userTags);
        for (Map.Entry<String, String> r : required.entrySet()) {
            String key = findKey(merged, r.getKey());
            if (key == null) {
                merged.put(r.getKey(), r.getValue());
            } else if (!r.getValue().equalsIgnoreCase(merged.get(key))) {
                merged.put(key, r.getValue());
            }
        }
        return merged;
    }
}
