package io.accelconn.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured API keys, kept only as SHA-256 digests. Comparing digests of equal length with
 * {@link MessageDigest#isEqual} takes the same time whichever byte differs and however long the
 * presented key is, and every key is compared, so timing tells a caller nothing.
 */
final class ApiKeys {

    /** Shorter keys can be guessed; Azure Functions' own keys are over 50 characters. */
    static final int MIN_LENGTH = 16;

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    /** @throws IllegalArgumentException naming the position (never the value) of a key that is too short */
    static ApiKeys of(List<String> keys) {
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i).trim();
            if (key.isEmpty()) {
                continue;
            }
            if (key.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("accelconn.security.api-keys: key " + (i + 1) + " is shorter than "
                        + MIN_LENGTH + " characters");
            }
            digests.add(sha256(key));
        }
        return new ApiKeys(List.copyOf(digests));
    }

    boolean isEmpty() {
        return digests.isEmpty();
    }

    int size() {
        return digests.size();
    }

    boolean matches(String presented) {
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(digest, known);
        }
        return match;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
