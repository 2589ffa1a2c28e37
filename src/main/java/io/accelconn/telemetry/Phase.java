package io.accelconn.telemetry;

import java.util.List;

/** Where a sample stands relative to enabling Accelerated Connections on its NIC. */
public enum Phase {
    BEFORE, AFTER, UNKNOWN;

    static final String BEFORE_LABEL = "before";
    static final String AFTER_LABEL = "after";

    /** From the sample's labels alone: {@code before} or {@code after}; UNKNOWN without (or with both). */
    static Phase ofLabels(List<String> labels) {
        boolean before = labels.contains(BEFORE_LABEL);
        boolean after = labels.contains(AFTER_LABEL);
        return before == after ? UNKNOWN : before ? BEFORE : AFTER;
    }
}
