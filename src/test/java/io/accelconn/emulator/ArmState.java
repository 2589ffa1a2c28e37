package io.accelconn.emulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Everything the emulator remembers, shared by the HTTP handlers and the Java API. */
final class ArmState {
    final EmulatorOptions options;
    final NetworkInterfaces nics = new NetworkInterfaces();
    final VirtualMachines vms = new VirtualMachines(nics);
    final Operations operations = new Operations();
    final SkuCatalog skus = new SkuCatalog();
    final Metrics metrics = new Metrics(nics, vms);
    final ResourceGraph graph = new ResourceGraph(nics, vms);
    final Counters counters = new Counters();
    final Faults faults = new Faults();
    final Throttle throttle = new Throttle();
    final GraphQuota graphQuota = new GraphQuota();
    final NicWrites nicWrites = new NicWrites();
    private final List<Consumer<String>> nicWriteListeners = new CopyOnWriteArrayList<>();
    /**
     * Listeners run off the event loop, in write order: they will post Event Grid events, which
     * must neither block the emulator nor be seen before the write's answer (as with the real service).
     */
    private final ExecutorService listenerThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arm-emulator-nic-write-listeners");
        t.setDaemon(true);
        return t;
    });

    ArmState(EmulatorOptions options) {
        this.options = options;
    }

    void onNicWrite(Consumer<String> listener) {
        nicWriteListeners.add(listener);
    }

    void fireNicWrite(String nicId) {
        for (Consumer<String> l : nicWriteListeners) {
            listenerThread.execute(() -> {
                try {
                    l.accept(nicId);
                } catch (RuntimeException e) {
                    System.err.println("ARM emulator: NIC write listener failed for " + nicId + ": " + e);
                }
            });
        }
    }

    /** Drops resources, faults, counters, throttling and pinned metrics; listeners and options stay. */
    void reset() {
        nics.clear();
        vms.clear();
        operations.clear();
        skus.reset();
        metrics.clear();
        counters.reset();
        faults.clear();
        throttle.reset();
        graphQuota.reset();
        nicWrites.clear();
    }

    /** Returns once the listeners were told of every NIC write so far (their thread runs tasks in order). */
    void awaitNicWriteListeners() {
        try {
            listenerThread.submit(() -> { }).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the NIC write listeners did not catch up", e);
        }
    }

    void shutdown() {
        listenerThread.shutdownNow();
    }
}
