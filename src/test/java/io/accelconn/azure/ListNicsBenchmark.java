package io.accelconn.azure;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.EmulatorOptions;
import io.accelconn.emulator.FleetSpec;
import io.accelconn.emulator.FleetSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Lists a 100,000-NIC fleet (10 subscriptions) through the adapter, against the local ARM
 * emulator, with ARM's real throttling budget in the client, and prints NICs per second, ARM
 * requests per 1,000 NICs and peak heap. Not a test: figures, not assertions.
 * <p>
 * Run:
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false \
 *     -Dexec.mainClass=io.accelconn.azure.ListNicsBenchmark [-Dexec.args="arm graph"]
 * </pre>
 * {@code arm} lists each subscription through ARM ({@code nextLink} pages, emulator page size
 * 100); {@code graph} goes through Resource Graph (1,000 rows per query, paced at ARG's
 * 15 queries per 5 s). Both by default. {@code cleanupDaemonThreads=false} spares a 15 s wait
 * for Reactor's and azure-core's daemon threads, which exec:java would otherwise try to stop.
 * Prefix {@code MAVEN_OPTS=-Xmx640m} to see that listing fits next to the emulator's store.
 * <p>
 * The emulator runs in the same JVM and holds the fleet on the heap, so peak heap is reported
 * next to the heap the emulator's store already used before listing; the difference is what
 * listing costs.
 */
public final class ListNicsBenchmark {

    private static final int SUBSCRIPTIONS = 10;
    private static final int NICS_PER_SUBSCRIPTION = 10_000;

    public static void main(String[] args) throws Exception {
        List<String> modes = args.length == 0 ? List.of("arm", "graph") : List.of(args);
        try (ArmEmulator emulator = ArmEmulator.start(EmulatorOptions.builder().pageSize(100).build())) {
            FleetSummary fleet = emulator.seedFleet(FleetSpec.of(SUBSCRIPTIONS, NICS_PER_SUBSCRIPTION));
            System.out.printf(Locale.ROOT, "seeded %,d NICs in %d subscriptions (%,d ms)%n",
                    fleet.nics(), fleet.subscriptionIds().size(), fleet.elapsedMillis());
            Vertx vertx = Vertx.vertx();
            try {
                ArmClients arm = new ArmClients(TestConfigs.emulator(emulator.baseUrl()), new SimpleMeterRegistry(), vertx,
                        HttpTransportConfig.defaults());
                NicGateway nics = new NicGateway(arm);
                FleetInventory inventory = new FleetInventory(arm, nics);
                // Warm-up: class loading and JIT of the SDK path, on a small listing.
                nics.listByResourceGroup(fleet.subscriptionIds().get(0), fleet.resourceGroups().get(0)).limit(500).count();
                for (String mode : modes) {
                    Supplier<Stream<Nic>> listing = switch (mode) {
                        case "arm" -> () -> fleet.subscriptionIds().stream().flatMap(nics::listBySubscription);
                        case "graph" -> () -> inventory.nics(fleet.subscriptionIds());
                        default -> throw new IllegalArgumentException("mode is arm or graph, not " + mode);
                    };
                    run(mode, emulator, listing);
                }
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(String mode, ArmEmulator emulator, Supplier<Stream<Nic>> listing) {
        System.gc();
        long baseline = heapUsed();
        List<MemoryPoolMXBean> heap = heapPools();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        LiveHeap live = LiveHeap.watch();
        emulator.resetCounts();

        long start = System.nanoTime();
        long[] seen = {0, 0};
        listing.get().forEach(nic -> {
            seen[0]++;
            if ("AcceleratedConnections".equals(nic.auxiliaryMode())) {
                seen[1]++;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long peakLive = live.stop();
        long requests = emulator.count("total");

        System.out.printf(Locale.ROOT, "%n[%s] %,d NICs (%,d accelerated) in %.2f s%n", mode, seen[0], seen[1], seconds);
        System.out.printf(Locale.ROOT, "[%s] %,.0f NICs/s%n", mode, seen[0] / seconds);
        System.out.printf(Locale.ROOT, "[%s] %,d ARM requests = %.2f per 1,000 NICs %s%n", mode, requests,
                requests * 1000.0 / Math.max(1, seen[0]), emulator.counts());
        System.out.printf(Locale.ROOT, "[%s] heap: %,d MiB before listing (emulator store), peak %,d MiB while listing"
                        + " (sum of per-pool peaks), +%,d MiB%n",
                mode, baseline >> 20, peak >> 20, Math.max(0, peak - baseline) >> 20);
        System.out.printf(Locale.ROOT, "[%s] peak heap after GC while listing %,d MiB (+%,d MiB over the store), %d GCs;"
                        + " max heap %,d MiB%n", mode, peakLive >> 20, Math.max(0, peakLive - baseline) >> 20, live.gcs,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /**
     * The largest heap occupancy right after a collection: what was still reachable, unlike the
     * raw peak, which mostly measures how much garbage the collector let pile up.
     */
    private static final class LiveHeap implements javax.management.NotificationListener {
        private final List<javax.management.NotificationEmitter> emitters = new java.util.ArrayList<>();
        private volatile long peak;
        private volatile int gcs;

        static LiveHeap watch() {
            LiveHeap h = new LiveHeap();
            h.peak = heapUsed();
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof javax.management.NotificationEmitter emitter) {
                    emitter.addNotificationListener(h, null, null);
                    h.emitters.add(emitter);
                }
            }
            return h;
        }

        @Override
        public void handleNotification(javax.management.Notification n, Object handback) {
            if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                    (javax.management.openmbean.CompositeData) n.getUserData());
            long used = 0;
            for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools().stream().anyMatch(p -> p.getName().equals(e.getKey()))) {
                    used += e.getValue().getUsed();
                }
            }
            gcs++;
            peak = Math.max(peak, used);
        }

        long stop() {
            for (var emitter : emitters) {
                try {
                    emitter.removeNotificationListener(this);
                } catch (javax.management.ListenerNotFoundException e) {
                    // already gone
                }
            }
            return peak;
        }
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private ListNicsBenchmark() {
    }
}
