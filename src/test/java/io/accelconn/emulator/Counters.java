package io.accelconn.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Request counters by kind ("nic.get", "fault", ...) plus "total", so tests and benchmarks can assert call budgets. */
final class Counters {
    static final String TOTAL = "total";
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void increment(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long get(String kind) {
        LongAdder a = counts.get(kind);
        return a == null ? 0 : a.sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        m.putIfAbsent(TOTAL, 0L);
        return m;
    }

    void reset() {
        counts.clear();
    }
}
