package io.accelconn.policy;

/**
 * Why a NIC cannot get Accelerated Connections, or cannot get it now. The names are part of
 * the public API.
 */
public enum ReasonCode {
    REGION_UNSUPPORTED,
    SIZE_UNKNOWN,
    SIZE_NO_ACCELERATED_NETWORKING,
    SIZE_FAMILY_EXCLUDED,
    SIZE_TOO_SMALL,
    SIZE_GENERATION_TOO_NEW,
    ACCELERATED_NETWORKING_DISABLED,
    SUBSCRIPTION_NOT_ENROLLED,
    OPTED_OUT,
    AUXILIARY_MODE_CONFLICT,
    NIC_ATTACHED_TO_RUNNING_VM,
    // Why a change must wait (CompliancePolicy): the NIC is eligible, the moment is not.
    /** No VM and no size tag: the tier cannot be chosen yet. */
    NO_VM_SIZE,
    /** The tier changes (a resize, a new override) while the VM runs. */
    TIER_CHANGE_NEEDS_DEALLOCATION,
    /** Its owner stopped the VM without deallocating it. */
    VM_STOPPED_NOT_DEALLOCATED,
    /** The VM is starting, stopping or deallocating, or reports no power state. */
    VM_POWER_STATE_UNSETTLED,
    // Why a change failed (decision FAILED, with ARM's error code beside it).
    /** ARM refused to read the NIC or its VM (403, 400, ...). */
    ARM_READ_FAILED,
    /** The NIC names a VM that ARM does not know (404). */
    VM_NOT_FOUND,
    /** ARM refused the NIC write, or its operation ended Failed or Canceled. */
    NIC_WRITE_FAILED,
    /** ARM refused to stop-deallocate the VM, or the operation failed; the VM was left as it was. */
    VM_DEALLOCATE_FAILED,
    /** The VM could not be started again; its restart journal entry stays open until a finisher starts it. */
    VM_START_FAILED,
    /** Transient failures (throttling, 5xx, storage) went on past {@code accelconn.enforce.max-transient-attempts}. */
    RETRIES_EXHAUSTED
}
