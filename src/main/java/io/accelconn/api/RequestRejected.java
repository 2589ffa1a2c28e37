package io.accelconn.api;

/**
 * Bad input, answered with a 4xx and a stable reason code. Thrown before anything is written,
 * so a rejected request never leaves half its work behind.
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
