package io.accelconn.emulator;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Network resource etags look like {@code W/"<uuid>"}; a fresh one on every change. */
final class Etags {
    private Etags() {
    }

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return weak(uuid(r.nextLong(), r.nextLong()));
    }

    static String weak(UUID uuid) {
        return "W/\"" + uuid + "\"";
    }

    /** A version-4-shaped UUID from two random longs (cheaper than SecureRandom for 100k resources). */
    static UUID uuid(long msb, long lsb) {
        return new UUID((msb & ~0xF000L) | 0x4000L, (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }
}
