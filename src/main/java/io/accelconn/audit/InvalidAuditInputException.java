package io.accelconn.audit;

/**
 * An id, query or record the audit table cannot take, refused before anything is written. The
 * code is stable, for a 4xx answer's reason code.
 */
public class InvalidAuditInputException extends IllegalArgumentException {

    private final String code;

    public InvalidAuditInputException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
