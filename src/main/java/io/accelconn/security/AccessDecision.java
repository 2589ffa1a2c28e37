package io.accelconn.security;

/** Why a request was let through, or the reason code of its 401. */
public enum AccessDecision {
    /** The path is in {@code accelconn.security.open-paths}. */
    OPEN(true),
    /** From loopback while hosted: the Functions host, which checked the caller's function key itself. */
    FUNCTIONS_HOST(true),
    /** A configured key was presented. */
    KEY(true),
    /** A bearer token of the configured issuer and audience was presented. */
    BEARER(true),
    /** No key is configured, so protected paths are closed to everyone. */
    NO_KEYS_CONFIGURED(false),
    /** Neither {@code x-functions-key} nor {@code ?code=} was sent. */
    MISSING_KEY(false),
    /** A key was sent and is not one of the configured keys. */
    INVALID_KEY(false),
    /** A bearer token was sent and failed verification (signature, issuer, audience or lifetime). */
    INVALID_TOKEN(false);

    private final boolean allowed;

    AccessDecision(boolean allowed) {
        this.allowed = allowed;
    }

    public boolean allowed() {
        return allowed;
    }
}
