package io.accelconn.telemetry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.accelconn.audit.AuditStore;
import io.accelconn.azure.HttpTransportConfig;
import io.accelconn.azure.ResourceId;
import io.accelconn.bench.HostJvm;
import io.accelconn.storage.TableClients;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.TestStorageConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * CPS telemetry figures on a private Azurite (loopback, in memory):
 * <ol>
 * <li>JSON bodies read and checked: samples/s of {@code POST /cps}'s parsing, no I/O;</li>
 * <li>ingest through the batched path ({@link SampleStore#write}: an entity per VM, hour, source
 * and kind, up to 99 of one partition in a transaction with the partition's summary row,
 * {@code write-concurrency} partitions at once) against one upsert per sample of an entity of
 * its own, on the same Azurite, and their ratio; the samples are a VM's minutes, as Azure Monitor
 * gives them; then the batched path again with every sample alone in its hour, the least the
 * hours' entities save;</li>
 * <li>{@code /cps-report} over a fleet holding 1,000,000 samples (VMs x days x samples a day),
 * enabled in the middle of a day: the first report right after the writes, then again; with the
 * heap after GC before and after, and the most used while the report ran.</li>
 * </ol>
 * Bounded in count; samples are Monitor-like (one partition per VM and day).
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.cleanupDaemonThreads=false \
 *     -Dexec.mainClass=io.accelconn.telemetry.CpsBenchmark
 * </pre>
 * Arguments (optional): batched samples (20000), one-by-one samples (2000), report VMs (200),
 * report days (10), samples per VM and day (500). {@code -Daccelconn.telemetry.write-concurrency=N}
 * sets the partitions written at once.
 */
public final class CpsBenchmark {

    static final String SUB = "5b8e2f1a-7c3d-4e9f-a1b2-c3d4e5f60718";
    /** Samples per write, as one POST /cps body: 4,000 such samples are about 1 MB of JSON, the body limit. */
    static final int REQUEST = 4_000;

    public static void main(String[] args) throws Exception {
        if (!HostJvm.inHostJvm()) {
            // The sample store's CPU is measured in the JVM the application runs in, not in Maven's.
            System.exit(HostJvm.rerun(CpsBenchmark.class, args, "accelconn.telemetry.write-concurrency"));
        }
        int batched = arg(args, 0, 20_000);
        int single = arg(args, 1, 2_000);
        int vms = arg(args, 2, 200);
        int days = arg(args, 3, 10);
        int perDay = arg(args, 4, 500);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String concurrency = System.getProperty("accelconn.telemetry.write-concurrency");
        TelemetryConfig config = concurrency == null ? TelemetryConfigs.defaults()
                : TelemetryConfigs.with("write-concurrency", concurrency);
        try (Azurite azurite = Azurite.start()) {
            TableClients tables = new TableClients(TestStorageConfig.of(azurite.connectionString()), null,
                    HttpTransportConfig.defaults());
            parse(config);

            SampleStore ingest = new SampleStore(tables, "CpsBenchIngest", "CpsBenchIngestIndex", config.writeConcurrency(),
                    config.readConcurrency(), registry);
            Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
            // JIT and connections warm: 20,000 samples
            writeAll(ingest, monitorLike(200, 100, start, "warmup", null, Duration.ofMinutes(1)));
            Cpu before = Cpu.now();
            double batchedRate = writeAll(ingest, monitorLike(batched / 100, 100, start, "batched", null, Duration.ofMinutes(1)));
            Cpu batchedCpu = Cpu.now().minus(before);
            TableClient table = tables.table("CpsBenchIngest");
            // Its own warm-up: the batched path's writes compile little of the SDK's single-entity path.
            for (CpsSample s : monitorLike(5, 100, start, "single-warmup", null, Duration.ofMinutes(1))) {
                table.upsertEntity(oneEntity(s));
            }
            List<CpsSample> ones = monitorLike(single / 100, 100, start, "single", null, Duration.ofMinutes(1));
            before = Cpu.now();
            long t0 = System.nanoTime();
            for (CpsSample s : ones) {
                table.upsertEntity(oneEntity(s));
            }
            double singleRate = ones.size() / seconds(t0);
            Cpu singleCpu = Cpu.now().minus(before);
            // The least an hour's entity can save: every sample alone in its hour (a sample an hour of each VM).
            double sparseRate = writeAll(ingest, monitorLike(batched / 24, 24, start, "sparse", null, Duration.ofHours(1)));
            System.out.printf("ingest: batched %,d samples at %,.0f samples/s (write-concurrency %d); one by one %,d samples at"
                    + " %,.0f samples/s; ratio %.1fx%n", batched, batchedRate, config.writeConcurrency(), single, singleRate,
                    batchedRate / singleRate);
            System.out.printf("  the same batched path with every sample alone in its hour's entity: %,.0f samples/s (%.1fx one by"
                    + " one)%n", sparseRate, sparseRate / singleRate);
            // As cps-monitor-pull writes in steady state: every 5 minutes each VM's next 5, into hours already stored.
            double reads = registry.get("accelconn.telemetry.summary.reads").tag("reason", "unknown").counter().count();
            long a0 = System.nanoTime();
            int pulls = 12;
            for (int pull = 0; pull < pulls; pull++) {
                writeAll(ingest, monitorLike(200, 5, start.plus(Duration.ofMinutes(5L * pull)), "appends", null,
                        Duration.ofMinutes(1)));
            }
            System.out.printf("  appends as cps-monitor-pull makes them (200 VMs' next 5 minutes a request, %d requests):"
                    + " %,.0f samples/s, %.0f partitions read before their write%n", pulls, pulls * 1_000 / seconds(a0),
                    registry.get("accelconn.telemetry.summary.reads").tag("reason", "unknown").counter().count() - reads);
            // CPU time does not depend on what else the machine runs, unlike the rates above.
            System.out.printf("ingest CPU per 1,000 samples: Azurite batched %.0f ms, one by one %.0f ms (%.1fx); this JVM"
                    + " batched %.0f ms, one by one %.0f ms%n", batchedCpu.azuriteMs() * 1000 / batched,
                    singleCpu.azuriteMs() * 1000 / single, singleCpu.azuriteMs() / single / (batchedCpu.azuriteMs() / batched),
                    batchedCpu.jvmMs() * 1000 / batched, singleCpu.jvmMs() * 1000 / single);
            // What of the JVM's CPU went to compiling and collecting rather than to the writes themselves.
            System.out.printf("  of this JVM's: batched JIT %.0f ms, GC %.0f ms, the rest %.0f ms; one by one JIT %.0f ms, GC %.0f"
                    + " ms, the rest %.0f ms (per 1,000 samples, from /proc; 0 where it is not there)%n",
                    batchedCpu.jitMs() * 1000 / batched, batchedCpu.gcMs() * 1000 / batched,
                    (batchedCpu.jvmMs() - batchedCpu.jitMs() - batchedCpu.gcMs()) * 1000 / batched,
                    singleCpu.jitMs() * 1000 / single, singleCpu.gcMs() * 1000 / single,
                    (singleCpu.jvmMs() - singleCpu.jitMs() - singleCpu.gcMs()) * 1000 / single);

            report(tables, registry, config, vms, days, perDay, start.minus(Duration.ofDays(days - 2L)));
        }
        System.exit(0); // the SDK's HTTP client threads would keep exec:java waiting
    }

    /** POST /cps's JSON reading and checks alone, on bodies of 5,000 samples. */
    static void parse(TelemetryConfig config) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode body = mapper.createArrayNode();
        Instant t = Instant.now().minusSeconds(3600);
        for (int i = 0; i < REQUEST; i++) {
            body.addObject().put("resourceId", vm("parse", i % 50)).put("timestamp", t.plusMillis(i).toString())
                    .put("cps", 20000 + i).put("activeConnections", 1500).put("source", "cps-tool").putArray("labels").add("after");
        }
        byte[] bytes = mapper.writeValueAsBytes(body);
        SampleRules rules = new SampleRules(config);
        for (int i = 0; i < 20; i++) {
            SampleJson.read(mapper.readTree(bytes), rules, REQUEST, Instant.now()); // warm
        }
        long t0 = System.nanoTime();
        int rounds = 40;
        for (int i = 0; i < rounds; i++) {
            SampleJson.read(mapper.readTree(bytes), rules, REQUEST, Instant.now());
        }
        System.out.printf("parse: %,.0f samples/s read and checked from JSON (bodies of %,d samples, %,d bytes)%n",
                rounds * REQUEST / seconds(t0), REQUEST, bytes.length);
    }

    static void report(TableClients tables, SimpleMeterRegistry registry, TelemetryConfig config, int vms, int days,
            int perDay, Instant firstDay) {
        ManagedResources resources = new ManagedResources(tables.table("CpsBenchWatermarks"));
        SampleStore store = new SampleStore(tables, "CpsBenchReport", "CpsBenchWatermarks", config.writeConcurrency(),
                config.readConcurrency(), registry,
                new EnablementTimes(resources, config.enablementRefresh(), java.time.Clock.systemUTC())::enabledAt);
        AuditStore audit = new AuditStore(tables.table("CpsBenchAudit"), registry, java.time.Clock.systemUTC());
        Instant enabledAt = firstDay.plus(Duration.ofDays(days / 2)).plus(Duration.ofHours(6));
        String[] tiers = {"A1", "A2", "A4", "A8"};
        for (int v = 0; v < vms; v++) {
            String nic = "/subscriptions/" + SUB + "/resourceGroups/rg-bench/providers/Microsoft.Network/networkInterfaces/nic-" + v;
            resources.saveNic(new ManagedResources.NicRow(nic, tiers[v % 4], enabledAt, vm("report", v), Instant.now()));
            resources.saveVmSize(vm("report", v), "Standard_D" + (8 << (v % 3)) + "s_v5", Instant.now());
        }
        long total = (long) vms * days * perDay;
        long t0 = System.nanoTime();
        for (int d = 0; d < days; d++) {
            writeAll(store, monitorLike(vms, perDay, firstDay.plus(Duration.ofDays(d)), "report", enabledAt,
                    Duration.ofMinutes(1440L / perDay)));
        }
        System.out.printf("report data: %,d samples (%d VMs x %d days x %d a day) written in %.0f s%n", total, vms, days, perDay,
                seconds(t0));
        CpsReport report = new CpsReport(store, resources, audit, config, registry);
        Instant from = firstDay;
        Instant to = firstDay.plus(Duration.ofDays(days));
        timed("fleet report by tier, first (day summaries written with the samples)", total,
                () -> report.fleet(CpsReport.GroupBy.TIER, from, to));
        timed("fleet report by tier, again", total, () -> report.fleet(CpsReport.GroupBy.TIER, from, to));
        timed("fleet report by size (day summaries)", total, () -> report.fleet(CpsReport.GroupBy.SIZE, from, to));
        timed("one VM over " + days + " days (day summaries)", (long) days * perDay,
                () -> report.resource(ResourceId.parse(vm("report", 7)), from, to));
        ReportFigures.Fleet fleet = report.fleet(CpsReport.GroupBy.TIER, from, to);
        for (ReportFigures.Group g : fleet.groups()) {
            ReportFigures.Source s = g.sources().get(0);
            System.out.printf("  %s: %d VMs, %,d samples, p50 %.0f, p99 %.0f, gain %.1fx (%s)%n", g.key(), g.resources(),
                    s.cps().samples(), s.cps().p50(), s.cps().p99(), s.gain().medianRatio(), s.gain().basis());
        }
    }

    static void timed(String what, long samples, Runnable work) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        work.run();
        double s = seconds(t0);
        sampler.interrupt();
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        System.out.printf("%s: %,d samples in %.2f s; heap after GC %d MiB before, %d MiB after, at most %d MiB used during%n",
                what, samples, s, before >> 20, after >> 20, peak.get() >> 20);
    }

    /**
     * Per VM, {@code perDay} samples {@code apart} from the start of {@code day}, as
     * cps-monitor-pull stores them (one a minute); ten times the CPS from {@code enabledAt} on
     * (null: never).
     */
    static List<CpsSample> monitorLike(int vms, int perDay, Instant day, String fleet, Instant enabledAt, Duration apart) {
        List<CpsSample> samples = new ArrayList<>(vms * perDay);
        for (int v = 0; v < vms; v++) {
            ResourceId id = ResourceId.parse(vm(fleet, v));
            for (int m = 0; m < perDay; m++) {
                Instant t = day.plus(apart.multipliedBy(m));
                double cps = (1000 + (v * 37 + m * 11) % 500) * (enabledAt != null && !t.isBefore(enabledAt) ? 10 : 1);
                samples.add(new CpsSample(id, t, SampleKind.POINT, CpsSample.AZURE_MONITOR, cps, 5000L + m, null, null,
                        null, null, List.of()));
            }
        }
        return samples;
    }

    /**
     * The plain way to store a sample, the one-by-one baseline: an entity of its own, with its
     * fields as columns, keyed by its time, source and kind.
     */
    static TableEntity oneEntity(CpsSample s) {
        String resourceKey = SampleKeys.resourceKey(s.resource().toString());
        return new TableEntity(SampleKeys.partitionKey(resourceKey, SampleKeys.day(s.timestamp())),
                s.timestamp().toEpochMilli() + "_" + s.source() + "_" + s.kind().wireName())
                .addProperty("resourceId", s.resource().toString())
                .addProperty("timestamp", OffsetDateTime.ofInstant(s.timestamp(), ZoneOffset.UTC))
                .addProperty("source", s.source())
                .addProperty("kind", s.kind().wireName())
                .addProperty("cps", s.cps())
                .addProperty("activeConnections", s.activeConnections());
    }

    /** Writes in requests of {@value #REQUEST}, as POST /cps bodies; returns samples/s. */
    static double writeAll(SampleStore store, List<CpsSample> samples) {
        long t0 = System.nanoTime();
        for (int from = 0; from < samples.size(); from += REQUEST) {
            WriteReport r = store.write(samples.subList(from, Math.min(samples.size(), from + REQUEST)));
            if (!r.complete()) {
                throw new IllegalStateException("write failed: " + r.failure(), r.failure());
            }
        }
        return samples.size() / seconds(t0);
    }

    /**
     * CPU time used so far by the Azurite table service this JVM started and by this JVM, in ms;
     * of this JVM's, what its JIT compiler threads and its GC threads used (Linux: from
     * /proc/self/task, by thread name; 0 elsewhere).
     */
    record Cpu(double azuriteMs, double jvmMs, double jitMs, double gcMs) {
        static Cpu now() {
            double azurite = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("azurite"))
                    .mapToDouble(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6)
                    .sum();
            double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e6;
            double jit = 0;
            double gc = 0;
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
                try {
                    String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double ms = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0; // utime + stime, 100 ticks/s
                    if (name.contains("CompilerThre")) {
                        jit += ms;
                    } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                        gc += ms;
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // a thread that ended meanwhile: its time is in the process's total only
                }
            }
            return new Cpu(azurite, jvm, jit, gc);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(azuriteMs - earlier.azuriteMs, jvmMs - earlier.jvmMs, jitMs - earlier.jitMs, gcMs - earlier.gcMs);
        }
    }

    static String vm(String fleet, int i) {
        return "/subscriptions/" + SUB + "/resourceGroups/rg-" + fleet + "/providers/Microsoft.Compute/virtualMachines/vm-" + i;
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private CpsBenchmark() {
    }
}
