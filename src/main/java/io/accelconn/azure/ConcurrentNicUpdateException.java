package io.accelconn.azure;

/**
 * Someone else kept changing the NIC between our read and our write (412 on every attempt).
 * Nothing was overwritten; the caller may try later.
 */
public final class ConcurrentNicUpdateException extends RuntimeException {

    public static final String REASON_CODE = "CONCURRENT_NIC_UPDATE";

    private final String nicId;
    private final int attempts;

    ConcurrentNicUpdateException(String nicId, int attempts) {
        super(REASON_CODE + ": NIC " + nicId + " changed under us on each of " + attempts
                + " attempts (412 PreconditionFailed); nothing was written");
        this.nicId = nicId;
        this.attempts = attempts;
    }

    public String nicId() {
        return nicId;
    }

    public int attempts() {
        return attempts;
    }

    public String reasonCode() {
        return REASON_CODE;
    }
}
