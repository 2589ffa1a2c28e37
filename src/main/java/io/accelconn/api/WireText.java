package io.accelconn.api;

/** Text from the wire made safe to echo in an answer or a log line. */
public final class WireText {

    /** Longest preview; what follows is counted, not shown. */
    public static final int PREVIEW_CHARS = 80;

    private WireText() {
    }

    /**
     * Up to {@value #PREVIEW_CHARS} characters with anything outside printable ASCII escaped as
     * {@code \}{@code uXXXX}: control characters never reach a log file or a terminal raw.
     */
    public static String preview(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < input.length() && sb.length() < PREVIEW_CHARS; i++) {
            char c = input.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (sb.length() >= PREVIEW_CHARS && input.length() > PREVIEW_CHARS) {
            sb.append("...(").append(input.length()).append(" chars)");
        }
        return sb.toString();
    }
}
