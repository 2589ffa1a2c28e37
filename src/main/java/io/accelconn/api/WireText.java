package io.accelconn.api;

/**
 * Text that came from the wire (event ids, types, resource ids, paths, headers, ARM answers), made
 * safe to log or echo: control characters become visible escapes ({@code \r}, {@code \n},
 * {@code \t}, {@code \u001b}), so a value cannot forge a log line or a line of the Functions host's
 * log, and overly long values are cut. The text stays readable; JSON answers escape it once more as
 * JSON.
 */
public final class WireText {

    /** Long enough for any ARM resource id or event id accelconn accepts. */
    public static final int MAX_CHARS = 1_024;

    private WireText() {
    }

    /** {@code text} with control characters escaped and cut at {@value #MAX_CHARS} characters; "null" for null. */
    public static String escape(String text) {
        return escape(text, MAX_CHARS);
    }

    /**
     * {@code text} with control characters escaped and cut at {@code max} characters; "null" for null.
     * Shorter limits serve short echoes (an invalid resource id in a message, an MDC value).
     */
    public static String escape(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        int end = Math.min(text.length(), max);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(end + 16).append(text, 0, i);
            }
            if (out != null) {
                if (control) {
                    switch (c) {
                        case '\r' -> out.append("\\r");
                        case '\n' -> out.append("\\n");
                        case '\t' -> out.append("\\t");
                        default -> out.append(String.format("\\u%04x", (int) c));
                    }
                } else {
                    out.append(c);
                }
            }
        }
        String safe = out == null ? text.substring(0, end) : out.toString();
        return text.length() > max ? safe + "...[" + (text.length() - max) + " more]" : safe;
    }
}
