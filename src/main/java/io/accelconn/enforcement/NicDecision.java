package io.accelconn.enforcement;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What accelconn decided for one NIC of an event or sweep run, as recorded in the audit table.
 *
 * @param reasons      reason codes ({@code io.accelconn.policy.ReasonCode} names) behind the decision
 * @param armErrorCode ARM's {@code error.code} behind a {@code FAILED}, as ARM spells it; null otherwise
 * @param tier         the tier the NIC has or should have, when one can be said
 * @param armReads     NIC and VM reads accelconn made (gateway operations; long-running operation
 *                     polls are not counted here, the emulator's counters count every HTTP request)
 * @param armWrites    NIC updates that completed, plus, on the first NIC of a restart cycle, the
 *                     VM's deallocation and start (so the records of one cycle add up to its writes)
 */
@RegisterForReflection
public record NicDecision(String nicId, Decision decision, List<String> reasons, String armErrorCode, String tier,
        int armReads, int armWrites) {

    public NicDecision {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
