package io.accelconn.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.azure.HttpTransportConfig;
import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.EmulatorOptions;
import io.accelconn.emulator.FleetSpec;
import io.accelconn.emulator.FleetSummary;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.QueueTriggerDriver;

/**
 * The compliance sweep at fleet scale, against the ARM emulator with ARM's throttling and
 * Resource Graph's quota enforced (15 queries per 5 s, writes 10/s per subscription), Azurite's
 * tables and queue, and the packaged application driven the way the Functions host drives it
 * (work items from the queue, POSTed to /sweep-worker, 16 at a time). Prints:
 * <ul>
 * <li>audit sweeps of 10,000 and 100,000 NICs (10 subscriptions, 70% on VMs; the 100,000 sit on
 * 70,000 VMs): wall time from POST /sweep to COMPLETED, NICs/s, inventory requests per 1,000
 * NICs, queue messages, the CPU time the application and this JVM (emulator and queue driver)
 * used (wall time on a shared machine counts other people's work), and the application's heap
 * after collections, from a flight recording of the application: the peak after any collection
 * and the peak after a full one (what the sweep holds; a sampled "used" heap counts garbage), with
 * the application capped at {@code -Xmx128m} (completing under it is a proof too);</li>
 * <li>an enforce sweep of 10,000 remediable NICs (1,000 in each of 10 subscriptions): NIC writes
 * per second per subscription against ARM's 10/s, and the 429s accelconn caused. The write
 * lanes are work items: the driver plays {@link #INSTANCES} host instances (batch 16, a new batch at
 * 8 in flight: 24 invocations each) against the one application, whose worker pool is raised to
 * match (on Azure each instance is its own process). Per subscription it prints the timeline of its
 * writes (first, half, 90%, last) and of its lanes (started, ended, how many a running lane took
 * over because their delivery was late).</li>
 * </ul>
 * Bounded: three runs, loopback only, a time limit on each.
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * ./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false -Dexec.mainClass=io.accelconn.bench.SweepBenchmark
 * </pre>
 * Arguments (optional): phases, default {@code audit10k audit100k enforce10k}; {@code enforce1k} is the
 * enforce sweep of one subscription's 1,000 NICs, where the machine's CPU does not limit the pace; {@code enforce2k} is
 * enforce10k's 240 lanes at once over 200 NICs per subscription (one page each), a quicker look at the same concurrency.
 */
public final class SweepBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String QUEUE = "accelconn-sweep";
    /** Host instances the queue driver plays: enough for 10 subscriptions' 24 write lanes. */
    static final int INSTANCES = 10;
    /**
     * The application's JVM as host.json starts it ({@link HostJvm}: C1 only, the serial
     * collector), with a heap cap that makes growth visible.
     * {@code -Dsweep.bench.jvm="-XX:StartFlightRecording=filename=/tmp/sweep.jfr"} adds options,
     * e.g. a recording to profile the app.
     */
    static List<String> jvm() throws java.io.IOException {
        List<String> options = new ArrayList<>(HostJvm.options());
        options.add("-Xmx128m");
        String extra = System.getProperty("sweep.bench.jvm", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return List.copyOf(options);
    }

    public static void main(String[] args) throws Exception {
        List<String> phases = args.length == 0 ? List.of("audit10k", "audit100k", "enforce10k") : List.of(args);
        try (Azurite azurite = Azurite.start();
                ArmEmulator arm = ArmEmulator.start(EmulatorOptions.builder().enforceThrottling(true)
                        .lroPollsBeforeSucceeded(0).asyncRetryAfterSeconds(1).pageSize(100).build())) {
            for (String phase : phases) {
                arm.reset();
                switch (phase) {
                    case "audit10k" -> audit(arm, azurite, FleetSpec.of(10, 1_000));
                    case "audit100k" -> audit(arm, azurite, FleetSpec.of(10, 10_000));
                    case "enforce10k" -> enforce(arm, azurite, 10, 1_000);
                    // One subscription's lanes alone: the schedule's pace where CPU is not the limit.
                    case "enforce1k" -> enforce(arm, azurite, 1, 1_000);
                    // Ten subscriptions' 240 lanes at once, one page each: enforce10k's concurrency in a minute.
                    case "enforce2k" -> enforce(arm, azurite, 10, 200);
                    default -> throw new IllegalArgumentException("phases: audit10k, audit100k, enforce10k, enforce1k, enforce2k; not "
                            + phase);
                }
            }
        }
        // The Storage SDK's own Vert.x (the driver's queue clients) keeps non-daemon threads: end here.
        System.exit(0);
    }

    static Map<String, String> appConfig(ArmEmulator arm, Azurite azurite) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("accelconn.storage.connection-string", azurite.connectionString());
        config.put("accelconn.azure.cloud", "Custom");
        config.put("accelconn.azure.resource-manager-endpoint", arm.baseUrl() + "/");
        config.put("accelconn.azure.authentication", "static-token");
        config.put("accelconn.azure.static-token", "bench");
        config.put("accelconn.sweep.queue", QUEUE);
        // One process stands for INSTANCES host instances of 24 invocations each.
        config.put("quarkus.thread-pool.max-threads", Integer.toString(INSTANCES * 24 + 16));
        // ... and holds their connections: each instance's own pool per host (ARM, tables, queues).
        config.put("accelconn.http.max-connections-per-host",
                Integer.toString(INSTANCES * HttpTransportConfig.defaults().maxConnectionsPerHost()));
        return config;
    }

    static void audit(ArmEmulator arm, Azurite azurite, FleetSpec spec) throws Exception {
        FleetSummary fleet = arm.seedFleet(spec);
        String label = "audit " + String.format(Locale.ROOT, "%,d", fleet.nics());
        System.out.printf(Locale.ROOT, "%n[%s] seeded %,d NICs on %,d VMs in %d subscriptions%n", label, fleet.nics(), fleet.vms(),
                fleet.subscriptionIds().size());
        Result r = run(arm, azurite, fleet.subscriptionIds(), "audit");
        long inventory = r.counts.getOrDefault("graph.query", 0L) + r.counts.getOrDefault("nic.list", 0L)
                + r.counts.getOrDefault("vm.list", 0L);
        long nics = r.report.path("nics").asLong();
        System.out.printf(Locale.ROOT, "[%s] %s in %.1f s: %,.0f NICs/s; %,d inventory requests = %.2f per 1,000 NICs;"
                        + " %d queue messages; %,d 429s caused%n", label, r.report.path("status").asText(), r.seconds, nics / r.seconds,
                inventory, inventory * 1000.0 / Math.max(1, nics), r.messages, r.caused429);
        System.out.printf(Locale.ROOT, "[%s] classes %s%n", label, r.report.path("counts"));
        System.out.printf(Locale.ROOT, "[%s] application heap (-Xmx128m): peak after any GC %,d MiB, peak after a full GC %s;"
                        + " peak used %,d MiB (sampled, garbage included)%n", label, r.heap.afterAnyGc() >> 20,
                r.heap.afterFullGc() < 0 ? "none (no full GC)" : (r.heap.afterFullGc() >> 20) + " MiB", r.peakHeap >> 20);
        System.out.printf(Locale.ROOT, "[%s] CPU time: application %.1f s, emulator and driver %.1f s, Azurite %.1f s%n", label,
                r.appCpu, r.benchCpu, r.azuriteCpu);
    }

    static void enforce(ArmEmulator arm, Azurite azurite, int subscriptions, int perSubscription) throws Exception {
        List<String> subs = new ArrayList<>();
        for (int s = 0; s < subscriptions; s++) {
            String sub = String.format("%08d-0000-4000-8000-%012d", s, s);
            subs.add(sub);
            for (int i = 0; i < perSubscription; i++) {
                ObjectNode nic = JSON.createObjectNode().put("location", "eastus2");
                nic.putObject("tags").put("accelconn-vm-size", "Standard_D8s_v4");
                nic.putObject("properties").put("enableAcceleratedNetworking", true);
                arm.putNic("/subscriptions/" + sub + "/resourceGroups/rg-bench/providers/Microsoft.Network/networkInterfaces/nic-" + i, nic);
            }
        }
        Map<String, ConcurrentLinkedQueue<Long>> writes = new ConcurrentHashMap<>();
        Map<String, Long> writtenAt = new ConcurrentHashMap<>();
        // The lanes' checkpoints say when (wall clock) they started and ended; the writes are timed with nanoTime.
        java.time.Instant wallAnchor = java.time.Instant.now();
        long nanoAnchor = System.nanoTime();
        AtomicBoolean recording = new AtomicBoolean(true);
        arm.onNicWrite(id -> {
            if (recording.get()) {
                long at = System.nanoTime();
                writes.computeIfAbsent(id.split("/")[2], k -> new ConcurrentLinkedQueue<>()).add(at);
                writtenAt.putIfAbsent(id.toLowerCase(Locale.ROOT), at);
            }
        });
        String label = "enforce " + String.format(Locale.ROOT, "%,d", subscriptions * perSubscription);
        System.out.printf(Locale.ROOT, "%n[%s] seeded %,d remediable NICs, %,d in each of %d subscriptions%n", label,
                subscriptions * perSubscription, perSubscription, subscriptions);
        Result r = run(arm, azurite, subs, "enforce");
        recording.set(false);
        double min = Double.MAX_VALUE;
        double sum = 0;
        long t0 = writes.values().stream().flatMap(Collection::stream).mapToLong(Long::longValue).min().orElse(0);
        for (String sub : subs) {
            // When a subscription's writes happened, from the run's first write: a tail after the rest means lanes
            // that started late or fell behind, not a slower pace.
            long[] sorted = writes.getOrDefault(sub, new ConcurrentLinkedQueue<>()).stream().mapToLong(t -> t - t0).sorted()
                    .toArray();
            if (sorted.length > 0) {
                System.out.printf(Locale.ROOT, "[%s] %s: writes from +%.1f s, half by +%.1f s, 90%% by +%.1f s, last +%.1f s%n",
                        "timeline", sub, sorted[0] / 1e9, sorted[sorted.length / 2] / 1e9,
                        sorted[(int) (sorted.length * 0.9)] / 1e9, sorted[sorted.length - 1] / 1e9);
            }
        }
        java.time.Instant firstWrite = wallAnchor.plusNanos(t0 - nanoAnchor);
        printLanes(azurite, r, subs, firstWrite);
        printLaneSlots(azurite, r, subs, writtenAt);
        for (String sub : subs) {
            List<Long> at = new ArrayList<>(writes.getOrDefault(sub, new ConcurrentLinkedQueue<>()));
            double span = at.size() < 2 ? 1 : (at.stream().mapToLong(Long::longValue).max().getAsLong()
                    - at.stream().mapToLong(Long::longValue).min().getAsLong()) / 1e9;
            double rate = (at.size() - 1) / span;
            min = Math.min(min, rate);
            sum += rate;
        }
        long reads = r.counts.getOrDefault("nic.get", 0L) + r.counts.getOrDefault("operation.get", 0L);
        long puts = r.counts.getOrDefault("nic.put", 0L);
        System.out.printf(Locale.ROOT, "[%s] %s in %.1f s: %,d remediated, %,d failed; %d queue messages (%d continuations)%n",
                label, r.report.path("status").asText(), r.seconds, r.report.path("remediated").asLong(),
                r.report.path("failed").asLong(), r.messages, r.report.path("continuations").asInt());
        System.out.printf(Locale.ROOT, "[%s] writes per subscription: mean %.2f/s, lowest %.2f/s = %.0f%% of ARM's 10/s budget"
                        + " (the sweep's share is 95%%); %.2f reads per write; %,d 429s caused by accelconn%n",
                label, sum / subs.size(), min, min * 10, reads / (double) Math.max(1, puts), r.caused429);
        // The whole rig shares this machine: what a write costs all of it bounds the pace it can keep.
        double rigCpu = r.appCpu + r.benchCpu + r.azuriteCpu;
        int cores = Runtime.getRuntime().availableProcessors();
        double mostWrites = cores * puts / Math.max(1e-9, rigCpu);
        System.out.printf(Locale.ROOT, "[%s] CPU time: application %.1f s, emulator and driver %.1f s, Azurite %.1f s: %.1f ms"
                        + " per write in all (start-up and the queue polling of idle moments included), so at that cost"
                        + " this machine's %d cores could take at most %.0f writes/s (%.1f/s per subscription)%n", label, r.appCpu,
                r.benchCpu, r.azuriteCpu, rigCpu * 1000 / Math.max(1, puts), cores, mostWrites, mostWrites / subs.size());
    }

    /**
     * Each subscription's write lanes from their checkpoints: when they started (delivered, or taken
     * over by a lane of their page) and ended, from the run's first write, and how many a running
     * lane took over because their delivery was late.
     */
    static void printLanes(Azurite azurite, Result r, List<String> subs, java.time.Instant firstWrite) {
        String runId = r.report().path("runId").asText();
        com.azure.data.tables.TableClient checkpoints = new com.azure.data.tables.TableClientBuilder()
                .connectionString(azurite.connectionString()).tableName("AccelConnSweepCheckpoints").buildClient();
        Map<String, List<double[]>> lanes = new LinkedHashMap<>();
        var options = new com.azure.data.tables.models.ListEntitiesOptions().setFilter("PartitionKey eq '" + runId + "'");
        for (com.azure.data.tables.models.TableEntity e : checkpoints.listEntities(options, null, null)) {
            if (e.getProperty("lane") instanceof Number lane && e.getProperty("startedAt") != null && e.getProperty("finishedAt") != null) {
                double started = Duration.between(firstWrite, java.time.Instant.parse(e.getProperty("startedAt").toString())).toMillis() / 1e3;
                double finished = Duration.between(firstWrite, java.time.Instant.parse(e.getProperty("finishedAt").toString())).toMillis() / 1e3;
                lanes.computeIfAbsent(String.valueOf(e.getProperty("subscriptionId")), k -> new ArrayList<>())
                        .add(new double[] {lane.intValue(), started, finished});
            }
        }
        Map<String, Integer> takenOver = new LinkedHashMap<>();
        java.util.regex.Pattern adopted = java.util.regex.Pattern.compile("with late lanes ([0-9, ]+) taken over");
        for (QueueTriggerDriver.Delivery d : r.deliveries()) {
            var m = adopted.matcher(d.body());
            if (m.find()) {
                String sub = d.body().replaceAll(".*\"subscriptionId\":\"([^\"]+)\".*", "$1");
                takenOver.merge(sub, m.group(1).split(",").length, Integer::sum);
            }
        }
        for (String sub : subs) {
            List<double[]> l = lanes.getOrDefault(sub, List.of());
            if (l.isEmpty()) {
                continue;
            }
            double[] latest = l.stream().max(java.util.Comparator.comparingDouble(x -> x[1])).get();
            System.out.printf(Locale.ROOT, "[%s] %s: %d lanes, started +%.1f..+%.1f s (latest lane %d), ended +%.1f..+%.1f s;"
                            + " %d taken over by a running lane%n", "lanes", sub, l.size(),
                    l.stream().mapToDouble(x -> x[1]).min().getAsDouble(), latest[1], (int) latest[0],
                    l.stream().mapToDouble(x -> x[2]).min().getAsDouble(), l.stream().mapToDouble(x -> x[2]).max().getAsDouble(),
                    takenOver.getOrDefault(sub, 0));
        }
    }

    /**
     * Where a subscription's time went, lane by lane, from the emulator's write times and the report
     * rows' lanes: a lane of {@code k} writes at its spacing needs {@code (k-1)} spacings from its
     * first write to its last; what it took beyond that is slots it lost (writes slower than the
     * spacing, or its invocation busy with another lane). Printed per subscription: the lanes'
     * mean and largest loss, and how late its lanes' first writes came after the subscription's first.
     */
    static void printLaneSlots(Azurite azurite, Result r, List<String> subs, Map<String, Long> writtenAt) {
        String runId = r.report().path("runId").asText();
        com.azure.data.tables.TableClient rows = new com.azure.data.tables.TableClientBuilder()
                .connectionString(azurite.connectionString()).tableName("AccelConnSweepReport").buildClient();
        // The defaults: 24 write lanes at 0.95 x 10/s.
        double spacing = 24 / 9.5;
        for (String sub : subs) {
            Map<Integer, List<Long>> byLane = new java.util.TreeMap<>();
            var options = new com.azure.data.tables.models.ListEntitiesOptions().setFilter("PartitionKey gt '" + runId + "_"
                    + sub + "_' and PartitionKey lt '" + runId + "_" + sub + "`'");
            for (com.azure.data.tables.models.TableEntity e : rows.listEntities(options, null, null)) {
                Long at = writtenAt.get(String.valueOf(e.getProperty("nicId")).toLowerCase(Locale.ROOT));
                if (e.getProperty("lane") instanceof Number lane && at != null) {
                    byLane.computeIfAbsent(lane.intValue(), k -> new ArrayList<>()).add(at);
                }
            }
            if (byLane.isEmpty()) {
                continue;
            }
            long subFirst = byLane.values().stream().flatMap(List::stream).mapToLong(Long::longValue).min().getAsLong();
            double lostSum = 0;
            double lostMax = 0;
            double startMax = 0;
            for (List<Long> at : byLane.values()) {
                long first = at.stream().mapToLong(Long::longValue).min().getAsLong();
                long last = at.stream().mapToLong(Long::longValue).max().getAsLong();
                double lost = Math.max(0, (last - first) / 1e9 - (at.size() - 1) * spacing);
                lostSum += lost;
                lostMax = Math.max(lostMax, lost);
                startMax = Math.max(startMax, (first - subFirst) / 1e9);
            }
            System.out.printf(Locale.ROOT, "[%s] %s: %d lanes, slot time lost per lane (first to last write beyond its"
                            + " %.2f s spacing) mean %.1f s, most %.1f s; last lane's first write +%.1f s%n", "slots", sub,
                    byLane.size(), spacing, lostSum / byLane.size(), lostMax, startMax);
        }
    }

    record Result(JsonNode report, double seconds, int messages, long peakHeap, HeapAfterGc heap, Map<String, Long> counts,
            long caused429, double appCpu, double benchCpu, double azuriteCpu, List<QueueTriggerDriver.Delivery> deliveries) {
    }

    /** Heap used after collections, in bytes; -1 when there was none of that kind. */
    record HeapAfterGc(long afterAnyGc, long afterFullGc) {

        /** From the recording's GC events: heap summaries after each collection, old collections by name. */
        static HeapAfterGc read(java.nio.file.Path recording) throws java.io.IOException {
            java.util.Set<Long> fullGcs = new java.util.HashSet<>();
            Map<Long, Long> afterGc = new java.util.HashMap<>();
            for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(recording)) {
                String type = e.getEventType().getName();
                if (type.equals("jdk.GarbageCollection") && !e.getString("name").contains("DefNew")
                        && !e.getString("name").contains("Young")) {
                    fullGcs.add(e.getLong("gcId"));
                } else if (type.equals("jdk.GCHeapSummary") && "After GC".equals(e.getString("when"))) {
                    afterGc.put(e.getLong("gcId"), e.getLong("heapUsed"));
                }
            }
            long any = afterGc.values().stream().mapToLong(Long::longValue).max().orElse(-1);
            long full = afterGc.entrySet().stream().filter(en -> fullGcs.contains(en.getKey())).mapToLong(Map.Entry::getValue)
                    .max().orElse(-1);
            return new HeapAfterGc(any, full);
        }
    }

    static Result run(ArmEmulator arm, Azurite azurite, List<String> subscriptions, String mode) throws Exception {
        java.nio.file.Path recording = java.nio.file.Files.createTempFile("sweep-bench-", ".jfr");
        List<String> jvm = new ArrayList<>(jvm());
        jvm.add("-XX:StartFlightRecording=filename=" + recording + ",settings=default");
        Result r;
        double benchCpuBefore = cpuSeconds(ProcessHandle.current());
        double azuriteCpuBefore = azuriteCpu();
        try (AppProcess app = AppProcess.start(jvm, appConfig(arm, azurite));
                QueueTriggerDriver host = QueueTriggerDriver.sweepWorker(azurite.connectionString(), QUEUE,
                        "http://127.0.0.1:" + app.port()).withFunctionKey(AppProcess.API_KEY).withInstances(INSTANCES)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port();
            HeapWatch heap = new HeapWatch(http, base + "/q/metrics");
            heap.start();
            arm.resetCounts();
            long start = System.nanoTime();
            String body = JSON.writeValueAsString(Map.of("subscriptions", subscriptions, "mode", mode));
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/sweep"))
                    .header("Content-Type", "application/json").header("x-functions-key", AppProcess.API_KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                throw new IllegalStateException("POST /sweep answered " + started.statusCode() + ": " + started.body());
            }
            String runId = JSON.readTree(started.body()).path("runId").asText();
            if (!host.drain(Duration.ofMinutes(15))) {
                throw new IllegalStateException("the sweep did not finish within 15 minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            heap.stopWatching();
            double appCpu = app.cpuTime().toMillis() / 1000.0;
            JsonNode report = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/sweep-report?runId=" + runId))
                    .header("x-functions-key", AppProcess.API_KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
            Map<String, Long> counts = arm.counts();
            r = new Result(report, seconds, host.deliveries().size(), heap.peakUsed.get(), null, counts,
                    counts.getOrDefault("throttled", 0L) + counts.getOrDefault("graph.throttled", 0L), appCpu,
                    cpuSeconds(ProcessHandle.current()) - benchCpuBefore, azuriteCpu() - azuriteCpuBefore, host.deliveries());
        }
        // The recording is written when the application exits.
        HeapAfterGc heap = HeapAfterGc.read(recording);
        java.nio.file.Files.deleteIfExists(recording);
        return new Result(r.report, r.seconds, r.messages, r.peakHeap, heap, r.counts, r.caused429, r.appCpu, r.benchCpu,
                r.azuriteCpu, r.deliveries);
    }

    /** CPU time of the Azurite processes this JVM started (table and queue services). */
    static double azuriteCpu() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("azurite")).orElse(false))
                .mapToDouble(SweepBenchmark::cpuSeconds).filter(s -> s > 0).sum();
    }

    static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(-1.0);
    }

    /**
     * Samples the application's heap from its Prometheus metrics every second: a scrape renders
     * every meter's histogram, and ten a second cost the application a third of a core.
     */
    static final class HeapWatch extends Thread {
        final AtomicLong peakUsed = new AtomicLong();
        private final HttpClient http;
        private final URI metrics;
        private volatile boolean running = true;

        HeapWatch(HttpClient http, String url) {
            super("heap-watch");
            setDaemon(true);
            this.http = http;
            this.metrics = URI.create(url);
        }

        @Override
        public void run() {
            while (running) {
                try {
                    String text = http.send(HttpRequest.newBuilder(metrics).header("x-functions-key", AppProcess.API_KEY).build(), HttpResponse.BodyHandlers.ofString()).body();
                    long used = 0;
                    for (String line : text.split("\n")) {
                        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                            used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        }
                    }
                    peakUsed.accumulateAndGet(used, Math::max);
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the application is starting or stopping: sample again
                }
            }
        }

        void stopWatching() {
            running = false;
        }
    }

    private SweepBenchmark() {
    }
}
