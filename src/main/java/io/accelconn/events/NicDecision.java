package io.accelconn.events;

import java.util.List;

/**
 * What accelconn decided for one NIC of an event, as recorded in the audit table.
 * Decisions: {@code APPLIED}, {@code WOULD_APPLY} (audit mode), {@code UNCHANGED},
 * {@code INELIGIBLE}, {@code DEFERRED} (needs a VM size or a stop-deallocate),
 * {@code RESTARTED_AND_APPLIED}, {@code OUT_OF_SCOPE}, {@code NOT_FOUND}, {@code DUPLICATE}.
 *
 * @param armReads  NIC and VM reads accelconn made (gateway operations; long-running operation
 *                  polls are not counted here, the emulator's counters count every HTTP request)
 * @param armWrites NIC updates, deallocations and starts that completed
 */
public record NicDecision(String nicId, String decision, List<String> reasons, String tier, int armReads,
        int armWrites) {
}
