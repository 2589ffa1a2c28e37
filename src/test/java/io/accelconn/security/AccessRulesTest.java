package io.accelconn.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The access rule without I/O: open paths, the Functions host over loopback, keys. */
class AccessRulesTest {

    static final String KEY = "a-key-of-sufficient-length";
    static final List<String> OPEN = List.of("/", "/eligibility", "/q/health/*");

    static AccessRules rules(List<String> keys, boolean trustLoopback) {
        return new AccessRules(ApiKeys.of(keys), OPEN, trustLoopback);
    }

    @Test
    void openPathsAreExactOrPrefixesAtASegment() {
        AccessRules r = rules(List.of(KEY), false);
        assertTrue(r.isOpen("/"));
        assertTrue(r.isOpen("/eligibility"));
        assertFalse(r.isOpen("/eligibility/x"), "an exact entry opens only itself");
        assertFalse(r.isOpen("/eligibilityx"));
        assertTrue(r.isOpen("/q/health"));
        assertTrue(r.isOpen("/q/health/ready"));
        assertFalse(r.isOpen("/q/healthz"), "a prefix ends at a segment");
        assertFalse(r.isOpen("/audit"));
        assertFalse(r.isOpen(null));
    }

    @Test
    void protectedPathsNeedAConfiguredKey() {
        AccessRules r = rules(List.of(KEY, "another-key-long-enough"), false);
        assertEquals(AccessDecision.OPEN, r.decide("/eligibility", false, null));
        assertEquals(AccessDecision.MISSING_KEY, r.decide("/audit", false, null));
        assertEquals(AccessDecision.MISSING_KEY, r.decide("/audit", false, ""));
        assertEquals(AccessDecision.INVALID_KEY, r.decide("/audit", false, "wrong"));
        assertEquals(AccessDecision.INVALID_KEY, r.decide("/audit", false, KEY + " "));
        assertEquals(AccessDecision.KEY, r.decide("/audit", false, KEY));
        assertEquals(AccessDecision.KEY, r.decide("/audit", false, "another-key-long-enough"));
        assertEquals(AccessDecision.MISSING_KEY, r.decide("/anything-added-later", false, null), "closed by default");
    }

    @Test
    void withoutKeysProtectedPathsAreClosed() {
        AccessRules r = rules(List.of(), false);
        assertEquals(AccessDecision.NO_KEYS_CONFIGURED, r.decide("/audit", false, null));
        assertEquals(AccessDecision.NO_KEYS_CONFIGURED, r.decide("/audit", true, "whatever"));
        assertEquals(AccessDecision.OPEN, r.decide("/", false, null));
        assertEquals(AccessDecision.NO_KEYS_CONFIGURED, rules(List.of(" ", ""), false).decide("/audit", false, ""),
                "blank entries are no keys");
    }

    @Test
    void onlyTheHostOverLoopbackIsTrustedAndOnlyWhenHosted() {
        AccessRules hosted = rules(List.of(), true);
        assertEquals(AccessDecision.FUNCTIONS_HOST, hosted.decide("/enforce", true, null));
        assertEquals(AccessDecision.NO_KEYS_CONFIGURED, hosted.decide("/enforce", false, null), "not from loopback");
        assertEquals(AccessDecision.NO_KEYS_CONFIGURED, rules(List.of(), false).decide("/enforce", true, null),
                "standalone, loopback is no credential");
    }

    @Test
    void withBearerTokensAndNoKeysACallerIsAskedForCredentialsNotToldItIsClosed() {
        AccessRules r = new AccessRules(ApiKeys.of(List.of()), OPEN, false, true);
        assertEquals(AccessDecision.MISSING_KEY, r.decide("/audit", false, null));
        assertEquals(AccessDecision.INVALID_KEY, r.decide("/audit", false, KEY));
    }

    @Test
    void bearerSettingsComeTogetherOrNotAtAll() {
        assertEquals(null, BearerTokens.of(bearer(null, null, null)));
        assertThrows(IllegalArgumentException.class, () -> BearerTokens.of(bearer("https://issuer/", null, null)));
        assertThrows(IllegalArgumentException.class, () -> BearerTokens.of(bearer("https://issuer/", "api://a", null)));
    }

    private static SecurityConfig.Bearer bearer(String issuer, String audience, String jwks) {
        return new SecurityConfig.Bearer() {
            @Override
            public java.util.Optional<String> issuer() {
                return java.util.Optional.ofNullable(issuer);
            }

            @Override
            public java.util.Optional<String> audience() {
                return java.util.Optional.ofNullable(audience);
            }

            @Override
            public java.util.Optional<String> jwksLocation() {
                return java.util.Optional.ofNullable(jwks);
            }
        };
    }

    @Test
    void badConfigurationStopsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.of(List.of("short")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.of(List.of(KEY, "tooShortSecret")));
        assertFalse(e.getMessage().contains("tooShortSecret"), "the message names the position, not the key");
        assertThrows(IllegalArgumentException.class, () -> new AccessRules(ApiKeys.of(List.of()), List.of("audit"), false));
        assertThrows(IllegalArgumentException.class, () -> new AccessRules(ApiKeys.of(List.of()), List.of("/a*"), false));
    }
}
