package io.accelconn.azure;

/**
 * ARM kept answering with a retryable failure (429, busy NIC, 5xx, broken connection) until
 * the retry budget ran out. Carries what an operator needs: method, path, last status and
 * ARM's error code.
 */
public final class ArmRetriesExhaustedException extends RuntimeException {

    public static final String REASON_CODE = "ARM_RETRIES_EXHAUSTED";

    private final int statusCode;
    private final String errorCode;
    private final int attempts;

    ArmRetriesExhaustedException(String method, String path, int statusCode, String errorCode, int attempts,
            Throwable cause) {
        super("ARM " + method + " " + path + " failed after " + attempts + " attempts: "
                + (statusCode > 0 ? "HTTP " + statusCode : "connection error")
                + (errorCode != null ? " " + errorCode : "")
                + (cause != null && statusCode <= 0 ? " (" + cause + ")" : ""), cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.attempts = attempts;
    }

    /** Last HTTP status, or 0 when the last attempt failed to connect. */
    public int statusCode() {
        return statusCode;
    }

    /** ARM's {@code error.code} of the last answer, null when it had none. */
    public String errorCode() {
        return errorCode;
    }

    public int attempts() {
        return attempts;
    }

    public String reasonCode() {
        return REASON_CODE;
    }
}
