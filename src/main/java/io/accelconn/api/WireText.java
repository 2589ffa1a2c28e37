package io.accelconn.api;

/**
 * Text that arrived from the wire (ids in events, paths, headers), made safe to log or echo: a
 * log line must not be forged or split by control characters a caller slipped in.
 */
public final class WireText {

    private WireText() {
    }

    /** Up to {@code max} characters with anything outside printable ASCII escaped as {@code \\uXXXX}. */
    public static String preview(String input, int max) {
        if (input == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < input.length() && sb.length() < max; i++) {
            char c = input.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (sb.length() >= max && input.length() > max) {
            sb.append("...(").append(input.length()).append(" chars)");
        }
        return sb.toString();
    }
}
