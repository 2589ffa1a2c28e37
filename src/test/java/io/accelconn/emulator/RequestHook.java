package io.accelconn.emulator;

/**
 * Something that happens in ARM just before the next matching request is served, on the
 * emulator's own thread: a concurrent writer that always wins the race, with no timing involved.
 * Used once, then dropped.
 *
 * @param method    HTTP method to match, or null for any
 * @param pathRegex regex found in the request path, case-insensitive; null matches all
 * @param action    what happens first (e.g. {@link ArmEmulator#mutateNic}); it must not block
 */
public record RequestHook(String method, String pathRegex, Runnable action) {

    public RequestHook {
        if (action == null) throw new IllegalArgumentException("a hook needs an action");
    }
}
