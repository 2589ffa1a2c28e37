package io.accelconn.telemetry;

import java.util.Set;

/**
 * The audit table's decisions that matter to telemetry. The event path records decisions as
 * these strings ({@code events/NicEnforcer}); they are named once here.
 */
final class AuditDecisions {

    /** accelconn turned Accelerated Connections on. */
    static final Set<String> ENABLING = Set.of("APPLIED", "RESTARTED_AND_APPLIED");
    /** The NIC has Accelerated Connections under accelconn's policy: enabled by it, or found compliant. */
    static final Set<String> MANAGED = Set.of("APPLIED", "RESTARTED_AND_APPLIED", "UNCHANGED");

    private AuditDecisions() {
    }
}
