package io.accelconn.policy;

/** One failed rule: a stable code for machines and a sentence for people. */
public record Reason(ReasonCode code, String message) {
}
