package io.accelconn.policy;

/** Why a NIC cannot get Accelerated Connections. The names are part of the public API. */
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
    NIC_ATTACHED_TO_RUNNING_VM
}
