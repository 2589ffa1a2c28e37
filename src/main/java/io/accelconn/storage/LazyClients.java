package io.accelconn.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A storage service client built at its first use, and one client per table or queue built once
 * each on top of it: shared by {@link TableClients} and {@link QueueClients}. Nothing is built at
 * boot (a cold start pays only for what its first request needs), and a failed build is retried
 * by the next call, not remembered.
 *
 * @param <S> the service client
 * @param <C> the client of one table or queue
 */
final class LazyClients<S, C> {

    private final Supplier<S> build;
    private final BiFunction<S, String, C> open;
    private final Map<String, C> byName = new ConcurrentHashMap<>();
    private volatile S service;

    /**
     * @param build builds the service client (the first call of {@link #service()})
     * @param open  the client of one name, on the service; may create the table or queue first
     */
    LazyClients(Supplier<S> build, BiFunction<S, String, C> open) {
        this.build = build;
        this.open = open;
    }

    S service() {
        S built = service;
        if (built == null) {
            synchronized (this) {
                built = service;
                if (built == null) {
                    built = build.get();
                    service = built;
                }
            }
        }
        return built;
    }

    C client(String name) {
        return byName.computeIfAbsent(name, n -> open.apply(service(), n));
    }
}
