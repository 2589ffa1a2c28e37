package io.accelconn.security;

import java.util.ArrayList;
import java.util.List;

/**
 * The access rule, without I/O: open paths first, then the Functions host over loopback, then
 * keys. Closed by default: a path nobody listed needs a key, and no key configured means no access.
 * A refused caller that sent a bearer token gets a second chance in {@link ApiAuthFilter}, which
 * verifies the token off the event loop.
 */
final class AccessRules {

    private final ApiKeys keys;
    private final List<String> exactPaths = new ArrayList<>();
    private final List<String> pathPrefixes = new ArrayList<>();
    private final boolean trustLoopback;
    private final boolean bearerAccepted;

    AccessRules(ApiKeys keys, List<String> openPaths, boolean trustLoopback) {
        this(keys, openPaths, trustLoopback, false);
    }

    /**
     * @param trustLoopback true only when hosted by the Functions host and trusting it is configured
     * @param bearerAccepted bearer tokens are configured: with them, no key configured still leaves a way in
     */
    AccessRules(ApiKeys keys, List<String> openPaths, boolean trustLoopback, boolean bearerAccepted) {
        this.keys = keys;
        this.trustLoopback = trustLoopback;
        this.bearerAccepted = bearerAccepted;
        for (String p : openPaths) {
            String path = p.trim();
            if (path.isEmpty()) {
                continue;
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("accelconn.security.open-paths: '" + path + "' must start with /");
            }
            if (path.endsWith("/*")) {
                pathPrefixes.add(path.substring(0, path.length() - 2));
            } else if (path.contains("*")) {
                throw new IllegalArgumentException("accelconn.security.open-paths: '" + path
                        + "' may use * only as a last segment, as /q/health/*");
            } else {
                exactPaths.add(path);
            }
        }
    }

    /**
     * @param path the normalized request path (dot segments resolved, as the router matches it)
     * @param presentedKey the {@code x-functions-key} header, else the {@code code} query parameter, else null
     */
    AccessDecision decide(String path, boolean fromLoopback, String presentedKey) {
        if (isOpen(path)) {
            return AccessDecision.OPEN;
        }
        if (trustLoopback && fromLoopback) {
            return AccessDecision.FUNCTIONS_HOST;
        }
        if (keys.isEmpty() && !bearerAccepted) {
            return AccessDecision.NO_KEYS_CONFIGURED;
        }
        if (presentedKey == null || presentedKey.isEmpty()) {
            return AccessDecision.MISSING_KEY;
        }
        return keys.matches(presentedKey) ? AccessDecision.KEY : AccessDecision.INVALID_KEY;
    }

    boolean isOpen(String path) {
        if (path == null) {
            return false;
        }
        if (exactPaths.contains(path)) {
            return true;
        }
        for (String prefix : pathPrefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
