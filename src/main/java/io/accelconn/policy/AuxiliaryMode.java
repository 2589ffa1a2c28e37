package io.accelconn.policy;

/** Values of the NIC's {@code properties.auxiliaryMode}, as ARM spells them. */
public final class AuxiliaryMode {
    public static final String NONE = "None";
    public static final String ACCELERATED_CONNECTIONS = "AcceleratedConnections";
    /** Other features that use the same property: never overwrite them silently. */
    public static final String MAX_CONNECTIONS = "MaxConnections";
    public static final String FLOATING = "Floating";

    private AuxiliaryMode() {
    }

    public static boolean isOtherFeature(String mode) {
        return MAX_CONNECTIONS.equalsIgnoreCase(mode) || FLOATING.equalsIgnoreCase(mode);
    }

    public static boolean isAcceleratedConnections(String mode) {
        return ACCELERATED_CONNECTIONS.equalsIgnoreCase(mode);
    }
}
