package io.accelconn.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may call accelconn when it runs on its own (outside the Functions host),
 * {@code accelconn.security.*}. Every path is protected unless it is listed in
 * {@link #openPaths()}; with no key configured, protected paths answer 401.
 */
@ConfigMapping(prefix = "accelconn.security")
public interface SecurityConfig {

    /**
     * Comma-separated keys; a caller sends one as the {@code x-functions-key} header or the
     * {@code code} query parameter, as Azure Functions keys are sent. Set them from the
     * environment ({@code ACCELCONN_SECURITY_API_KEYS}) or a secret store, never in a committed file.
     * Unset: protected paths answer 401 {@code NO_KEYS_CONFIGURED}.
     */
    Optional<List<String>> apiKeys();

    /**
     * Paths anyone may call. An entry ending in {@code /*} opens that path and everything below
     * it; any other entry opens exactly that path. {@code /} stays open because the Functions host
     * polls {@code GET /} before it sends work; {@code /eligibility} and {@code /plan} reveal
     * nothing of the fleet; health answers only up or down; the API description is public.
     */
    @WithDefault("/,/eligibility,/plan,/q/health/*,/q/openapi")
    List<String> openPaths();

    /**
     * On the Functions host ({@code FUNCTIONS_CUSTOMHANDLER_PORT} set) requests from loopback are
     * the host's: it checked the function key of HTTP calls ({@code authLevel} in function.json),
     * and sends trigger invocations ({@code /enforce}, timers, queues) without any key. Off: every
     * caller, the host included, needs one of {@link #apiKeys()}.
     */
    @WithDefault("true")
    boolean trustFunctionsHost();

    /** Entra ID (or any OIDC issuer's) bearer tokens, accepted as well as keys when all three are set. */
    Bearer bearer();

    interface Bearer {

        /** The token's {@code iss}: {@code https://login.microsoftonline.com/<tenant>/v2.0} for v2 tokens, {@code https://sts.windows.net/<tenant>/} for v1. */
        Optional<String> issuer();

        /** The token's {@code aud}: accelconn's app registration, its application id URI or client id. */
        Optional<String> audience();

        /** Where the signing keys are: {@code https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys} (fetched at the first token, then hourly). */
        Optional<String> jwksLocation();
    }
}
