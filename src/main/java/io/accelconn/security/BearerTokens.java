package io.accelconn.security;

import java.util.Set;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies bearer tokens: RS256 signature against the issuer's published keys (JWKS), issuer,
 * audience and lifetime, by SmallRye JWT. Fetching the keys blocks: call from a worker thread.
 * Tokens are never logged.
 */
final class BearerTokens {

    private final DefaultJWTParser parser;

    private BearerTokens(DefaultJWTParser parser) {
        this.parser = parser;
    }

    /** Null when bearer tokens are not configured; a partial configuration stops the start. */
    static BearerTokens of(SecurityConfig.Bearer config) {
        int set = (config.issuer().isPresent() ? 1 : 0) + (config.audience().isPresent() ? 1 : 0)
                + (config.jwksLocation().isPresent() ? 1 : 0);
        if (set == 0) {
            return null;
        }
        if (set < 3) {
            throw new IllegalArgumentException("accelconn.security.bearer needs issuer, audience and jwks-location together");
        }
        JWTAuthContextInfo context = new JWTAuthContextInfo(config.jwksLocation().get(), config.issuer().get());
        context.setExpectedAudience(Set.of(config.audience().get()));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        return new BearerTokens(new DefaultJWTParser(context));
    }

    boolean isValid(String token) {
        try {
            parser.parse(token);
            return true;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }
}
