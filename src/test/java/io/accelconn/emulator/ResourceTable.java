package io.accelconn.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Resources of one type keyed by lower-cased id. Values live in a ConcurrentHashMap because its
 * {@code compute} runs the function once, atomically per key: that is the etag check-and-set.
 * A sorted key set gives stable paging; since keys start with /subscriptions/{s}/resourcegroups/{rg}/,
 * one subscription or group is one contiguous range.
 */
final class ResourceTable<V> {
    private final ConcurrentHashMap<String, V> byKey = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<String> order = new ConcurrentSkipListSet<>();

    record Page<V>(List<V> items, String lastKey, boolean more) {
    }

    V get(String key) {
        return byKey.get(key);
    }

    void put(String key, V value) {
        byKey.put(key, value);
        order.add(key);
    }

    /** Atomic read-modify-write of one key; the function may throw to abort without change. */
    V compute(String key, BiFunction<String, V, V> fn) {
        V v = byKey.compute(key, fn);
        if (v != null) order.add(key);
        else order.remove(key);
        return v;
    }

    /** Up to {@code limit} values under {@code prefix}, after {@code afterKey} (exclusive) when given. */
    Page<V> page(String prefix, String afterKey, int limit) {
        NavigableSet<String> range = range(prefix);
        if (afterKey != null) range = range.tailSet(afterKey, false);
        List<V> items = new ArrayList<>(Math.min(limit, 1024));
        String last = null;
        for (String k : range) {
            if (items.size() == limit) return new Page<>(items, last, true);
            V v = byKey.get(k);
            if (v == null) continue; // removed meanwhile
            items.add(v);
            last = k;
        }
        return new Page<>(items, last, false);
    }

    Stream<V> scan(String prefix) {
        return range(prefix).stream().map(byKey::get).filter(java.util.Objects::nonNull);
    }

    /** Keys under {@code prefix}: walks the sorted keys only, no value lookups. */
    long count(String prefix) {
        return range(prefix).size();
    }

    int size() {
        return byKey.size();
    }

    void clear() {
        byKey.clear();
        order.clear();
    }

    private NavigableSet<String> range(String prefix) {
        return prefix == null || prefix.isEmpty() ? order : order.subSet(prefix, true, prefix + Character.MAX_VALUE, false);
    }
}
