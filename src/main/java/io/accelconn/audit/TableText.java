package io.accelconn.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes text fit Table Storage: a string property holds at most 64 KiB (32K UTF-16 chars) and an
 * entity at most 1 MiB, so every field has a cap well inside both, and what is cut says so.
 */
public final class TableText {

    /** Ids, names, codes. */
    public static final int SHORT = 2_048;
    /** The NIC's mode, SKU and tags as JSON: 50 tags of 512 + 256 chars fit. */
    static final int STATE_JSON = 30_000;
    /** The reasons array as JSON. */
    static final int REASONS_JSON = 16_000;
    static final int ONE_REASON = 1_000;

    static final String TRUNCATED = "...[truncated]";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private TableText() {
    }

    /**
     * {@code text} within {@code maxChars}, cut with a marker if longer. Control characters other
     * than tab and line breaks, and lone surrogates, become U+FFFD: the service's OData payloads
     * have no faithful form for some of them, and a hostile id must not fail the write.
     */
    public static String fit(String text, int maxChars) {
        if (text == null) {
            return null;
        }
        String clean = clean(text);
        if (clean.length() <= maxChars) {
            return clean;
        }
        int end = maxChars - TRUNCATED.length();
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return clean.substring(0, end) + TRUNCATED;
    }

    /** The reasons as a JSON array within {@link #REASONS_JSON}; whole reasons are dropped, never cut mid-array. */
    public static String reasonsJson(List<String> reasons) {
        List<String> kept = new ArrayList<>();
        int budget = REASONS_JSON - 64; // room for the "N more" marker
        int used = 2;
        for (int i = 0; i < reasons.size(); i++) {
            String reason = fit(reasons.get(i) == null ? "" : reasons.get(i), ONE_REASON);
            int size = encode(List.of(reason)).length() - 1; // its share of the array: "...",
            if (used + size > budget) {
                kept.add(TRUNCATED + " " + (reasons.size() - i) + " more reasons");
                break;
            }
            kept.add(reason);
            used += size;
        }
        return encode(kept);
    }

    public static List<String> reasons(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException notAnArray) {
            return List.of(json); // written by hand or by an older version: keep it readable
        }
    }

    private static String encode(List<String> strings) {
        try {
            return JSON.writeValueAsString(strings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
    }

    private static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
                if (!bad) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                bad = Character.isLowSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f
                        || c == 0xfffe || c == 0xffff;
            }
            if (bad && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\ufffd' : c);
            }
        }
        return out == null ? text : out.toString();
    }
}
