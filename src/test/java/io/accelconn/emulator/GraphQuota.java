package io.accelconn.emulator;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Resource Graph's per-user quota: 15 queries per 5-second window, reported in
 * {@code x-ms-user-quota-remaining} / {@code x-ms-user-quota-resets-after}. The "user" is the
 * bearer token, the closest the emulator has to a caller identity.
 */
final class GraphQuota {
    static final int QUERIES_PER_WINDOW = 15;
    static final long WINDOW_MILLIS = 5_000;

    record Decision(int remaining, long resetsAfterMillis) {
        boolean allowed() {
            return remaining >= 0;
        }

        /** {@code hh:mm:ss} as ARG writes it. */
        String resetsAfter() {
            long s = (resetsAfterMillis + 999) / 1000;
            return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
    }

    private static final class Window {
        long start;
        int used;
    }

    private final ConcurrentHashMap<String, Window> byUser = new ConcurrentHashMap<>();

    Decision take(String user) {
        Window w = byUser.computeIfAbsent(user == null ? "" : user, u -> new Window());
        synchronized (w) {
            long now = System.currentTimeMillis();
            if (now - w.start >= WINDOW_MILLIS) {
                w.start = now;
                w.used = 0;
            }
            long resets = WINDOW_MILLIS - (now - w.start);
            if (w.used >= QUERIES_PER_WINDOW) return new Decision(-1, resets);
            w.used++;
            return new Decision(QUERIES_PER_WINDOW - w.used, resets);
        }
    }

    void reset() {
        byUser.clear();
    }
}
