package io.accelconn.sweep;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.accelconn.emulator.ArmEmulator;

/**
 * When the emulator wrote each NIC ({@link System#nanoTime}), by lower-cased NIC id: the sweep
 * tests that check pacing read it. One listener per emulator, registered on first use and kept.
 */
final class NicWriteTimes {

    private static final Map<ArmEmulator, Map<String, ConcurrentLinkedQueue<Long>>> BY_EMULATOR = new ConcurrentHashMap<>();

    private NicWriteTimes() {
    }

    static Map<String, ConcurrentLinkedQueue<Long>> of(ArmEmulator arm) {
        return BY_EMULATOR.computeIfAbsent(arm, a -> {
            Map<String, ConcurrentLinkedQueue<Long>> written = new ConcurrentHashMap<>();
            a.onNicWrite(id -> written.computeIfAbsent(id.toLowerCase(), k -> new ConcurrentLinkedQueue<>()).add(System.nanoTime()));
            return written;
        });
    }
}
