package io.accelconn.azure;

/** The NIC to change does not exist (ARM answered 404). */
public final class NicNotFoundException extends RuntimeException {

    public static final String REASON_CODE = "NIC_NOT_FOUND";

    private final String nicId;

    NicNotFoundException(String nicId) {
        super(REASON_CODE + ": " + nicId);
        this.nicId = nicId;
    }

    public String nicId() {
        return nicId;
    }

    public String reasonCode() {
        return REASON_CODE;
    }
}
