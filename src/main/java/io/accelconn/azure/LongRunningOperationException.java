package io.accelconn.azure;

/** A long-running ARM operation ended in a state other than Succeeded, or did not end in time. */
public final class LongRunningOperationException extends RuntimeException {

    public static final String REASON_CODE = "ARM_OPERATION_NOT_SUCCEEDED";

    private final String status;
    private final String armErrorCode;

    LongRunningOperationException(String operation, String resourceId, String status, String armErrorCode) {
        // ARM's message is left out on purpose: it goes to logs and answers, the code says what happened.
        super(REASON_CODE + ": " + operation + " of " + resourceId + " ended as " + status
                + (armErrorCode != null ? " (" + armErrorCode + ")" : ""), null, false, false);
        this.status = status;
        this.armErrorCode = armErrorCode;
    }

    /** The last status seen: {@code Failed}, {@code Canceled}, {@code TimedOut}, or an in-progress status. */
    public String status() {
        return status;
    }

    /** The operation's {@code error.code} as ARM spells it, null when it gave none. */
    public String armErrorCode() {
        return armErrorCode;
    }

    public String reasonCode() {
        return REASON_CODE;
    }
}
