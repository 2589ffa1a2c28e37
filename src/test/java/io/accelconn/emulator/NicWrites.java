package io.accelconn.emulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * NIC PUTs the network RP accepted, per NIC, less those whose operation was then failed by an
 * {@link OperationFault}: the writes that changed a NIC. Tests bound writes per needed change
 * with it.
 */
final class NicWrites {
    private final ConcurrentHashMap<String, AtomicLong> byNic = new ConcurrentHashMap<>();

    void accepted(String nicKey) {
        byNic.computeIfAbsent(nicKey, k -> new AtomicLong()).incrementAndGet();
    }

    void rolledBack(String nicKey) {
        byNic.computeIfAbsent(nicKey, k -> new AtomicLong()).decrementAndGet();
    }

    long get(String nicKey) {
        AtomicLong n = byNic.get(nicKey);
        return n == null ? 0 : n.get();
    }

    void clear() {
        byNic.clear();
    }
}
