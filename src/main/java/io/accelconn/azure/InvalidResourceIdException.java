package io.accelconn.azure;

/**
 * An ARM resource id (or subscription id) that failed strict parsing. The message never
 * repeats the raw input: ids arrive from events and HTTP callers, and may carry control
 * characters meant for log files.
 */
public final class InvalidResourceIdException extends IllegalArgumentException {

    public static final String INVALID_RESOURCE_ID = "INVALID_RESOURCE_ID";
    public static final String INVALID_SUBSCRIPTION_ID = "INVALID_SUBSCRIPTION_ID";

    private final String reasonCode;
    private final String detail;

    InvalidResourceIdException(String reasonCode, String detail, String input) {
        super(reasonCode + ": " + detail + " [" + preview(input) + "]");
        this.reasonCode = reasonCode;
        this.detail = detail;
    }

    public String reasonCode() {
        return reasonCode;
    }

    /** What was wrong, in a few words, without the input. */
    public String detail() {
        return detail;
    }

    /** Up to 80 characters with anything outside printable ASCII escaped. */
    static String preview(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < input.length() && sb.length() < 80; i++) {
            char c = input.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (sb.length() >= 80 && input.length() > 80) {
            sb.append("...(").append(input.length()).append(" chars)");
        }
        return sb.toString();
    }
}
