package io.accelconn.policy;

/**
 * Something worth telling that does not make a NIC ineligible, such as an override tag that
 * could not be used. Codes: {@code TIER_OVERRIDE_INVALID}, {@code TIER_CAPPED}.
 */
public record Warning(String code, String message) {
}
