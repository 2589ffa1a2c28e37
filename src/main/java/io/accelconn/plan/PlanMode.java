package io.accelconn.plan;

import java.util.Locale;

import io.accelconn.api.JsonFields;
import io.accelconn.api.RequestRejected;

/** What {@code POST /plan} is asked for: {@code ?mode=fix} (the default) or {@code ?mode=check}. */
public enum PlanMode {
    /** Answer the report and, for a template, the template with every eligible NIC set. Always 200. */
    FIX,
    /** Answer the report only: 200 when no eligible NIC needs a change, 422 when one does (a pipeline gate). */
    CHECK;

    public static PlanMode parse(String value) {
        if (value == null || value.isBlank()) {
            return FIX;
        }
        for (PlanMode m : values()) {
            if (m.name().equalsIgnoreCase(value.strip())) {
                return m;
            }
        }
        throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, "?mode must be fix or check");
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
