package io.accelconn.api;

/**
 * A request answered with a stable reason code instead of a result: bad input (4xx), thrown
 * before anything is written so a rejected request never leaves half its work behind, or a
 * transient failure (503) that the caller should retry.
 */
public class RequestRejected extends RuntimeException {

    private final int status;
    private final String code;

    public RequestRejected(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static RequestRejected badRequest(String code, String message) {
        return new RequestRejected(400, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
