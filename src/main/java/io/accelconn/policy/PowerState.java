package io.accelconn.policy;

import java.util.Locale;

/**
 * A VM's power state as far as a NIC change is concerned. Azure changes a NIC's auxiliary mode
 * or tier only while its VM is stop-deallocated; a VM its owner merely stopped still holds its
 * hardware, so it counts as not deallocated.
 */
public enum PowerState {
    /** The NIC is attached to no VM. */
    NO_VM,
    DEALLOCATED,
    RUNNING,
    /** Stopped by its owner but not deallocated: accelconn never changes it. */
    STOPPED,
    /** starting, stopping or deallocating: decide again once it settles. */
    TRANSITIONING,
    /** The instance view named no power state accelconn knows. */
    UNKNOWN;

    /**
     * From the instance view's code ({@code PowerState/deallocated}) or its tail
     * ({@code deallocated}), as Resource Graph and the VM GET report it.
     */
    public static PowerState of(String code) {
        if (code == null || code.isBlank()) {
            return UNKNOWN;
        }
        String s = code.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("powerstate/")) {
            s = s.substring("powerstate/".length());
        }
        return switch (s) {
            case "deallocated" -> DEALLOCATED;
            case "running" -> RUNNING;
            case "stopped" -> STOPPED;
            case "starting", "stopping", "deallocating" -> TRANSITIONING;
            default -> UNKNOWN;
        };
    }
}
