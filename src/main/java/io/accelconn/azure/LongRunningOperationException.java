package io.accelconn.azure;

/** A long-running ARM operation ended in a state other than Succeeded, or did not end in time. */
public final class LongRunningOperationException extends RuntimeException {

    public static final String REASON_CODE = "ARM_OPERATION_NOT_SUCCEEDED";

    private final String status;

    LongRunningOperationException(String operation, String resourceId, String status, Throwable cause) {
        super(REASON_CODE + ": " + operation + " of " + resourceId + " ended as " + status
                + (cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : ""), cause);
        this.status = status;
    }

    /** The last status seen: {@code Failed}, {@code Canceled}, {@code TimedOut}, or an in-progress status. */
    public String status() {
        return status;
    }

    public String reasonCode() {
        return REASON_CODE;
    }
}
