package io.accelconn.azure;

import io.accelconn.api.WireText;

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

    /** Up to 80 characters with control characters escaped. */
    static String preview(String input) {
        return WireText.escape(input, 80);
    }
}
