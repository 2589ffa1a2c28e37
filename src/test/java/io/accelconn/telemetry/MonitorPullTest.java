package io.accelconn.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.audit.AuditRecord;
import io.accelconn.audit.AuditStore;
import io.accelconn.audit.MutableClock;
import io.accelconn.azure.ArmClients;
import io.accelconn.azure.FlowMetrics;
import io.accelconn.azure.HttpTransportConfig;
import io.accelconn.azure.NicGateway;
import io.accelconn.azure.TestConfigs;
import io.accelconn.azure.VmGateway;
import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.FaultRule;
import io.accelconn.storage.TableClients;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.TestStorageConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * cps-monitor-pull against the ARM emulator (Monitor's wire shape, through the real SDK) and a
 * real Azurite. A "restart" is a pull built from nothing over the same tables: all it knows is
 * what the tables hold.
 */
class MonitorPullTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUB = "3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b";
    /** Throttled only on a subscription-scoped metrics path: the throttle policy charges that subscription. */
    static final String METRICS_PATH = "^/subscriptions/" + SUB + "/resourceGroups/[^/]+/providers/Microsoft.Compute"
            + "/virtualMachines/[^/]+/providers/Microsoft.Insights/metrics$";

    static ArmEmulator arm;
    static Vertx vertx;

    String samples;
    String marks;
    String auditTable;
    MutableClock clock;

    @BeforeAll
    static void emulator() {
        arm = ArmEmulator.start(0);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        arm.close();
        vertx.close();
    }

    @BeforeEach
    void freshTables() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        samples = "PullSamples" + suffix;
        marks = "PullMarks" + suffix;
        auditTable = "PullAudit" + suffix;
        // Two hours back, on a minute: everything the pulls ask Monitor for lies in the past.
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2)));
        arm.reset();
    }

    /** Everything a process would build, from configuration alone. */
    final class Process {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final TableClients tables = new TableClients(TestStorageConfig.of(Azurite.shared().connectionString())
                .withTelemetryTables(samples, marks).withAuditTable(auditTable), vertx, HttpTransportConfig.defaults());
        final ArmClients armClients = new ArmClients(TestConfigs.emulator(arm.baseUrl() + "/", "retry.max-attempts", "3"),
                registry, vertx, HttpTransportConfig.defaults());
        final SampleStore store = new SampleStore(tables, samples, marks, 4, 16, registry);
        final ManagedResources resources = new ManagedResources(tables.table(marks));
        final AuditStore audit = new AuditStore(tables.auditTable(), registry, clock);
        final MonitorPull pull = new MonitorPull(TelemetryConfigs.with("monitor.max-span-per-read", "PT30M"), audit,
                resources, store, new NicGateway(armClients), new VmGateway(armClients), new FlowMetrics(armClients),
                registry, clock);

        Map<Instant, Double> cpsOf(String vmId) {
            Map<Instant, Double> byMinute = new HashMap<>();
            for (Instant day : List.of(clock.instant(), clock.instant().minus(Duration.ofDays(1)))) {
                for (CpsSample s : TelemetryFixtures.stored(tables.table(samples), vmId, day)) {
                    byMinute.put(s.timestamp(), s.cps());
                }
            }
            return byMinute;
        }
    }

    /** A NIC with Accelerated Connections on a VM, and accelconn's APPLIED decision for it. */
    String managedVm(Process p, String name, Instant appliedAt) {
        String nicId = "/subscriptions/" + SUB + "/resourceGroups/rg-pull/providers/Microsoft.Network/networkInterfaces/" + name;
        String vmId = "/subscriptions/" + SUB + "/resourceGroups/rg-pull/providers/Microsoft.Compute/virtualMachines/" + name;
        ObjectNode nic = JSON.createObjectNode().put("location", "eastus2");
        nic.putObject("properties").put("enableAcceleratedNetworking", true)
                .put("auxiliaryMode", "AcceleratedConnections").put("auxiliarySku", "A4");
        arm.putNic(nicId, nic);
        ObjectNode vm = JSON.createObjectNode().put("location", "eastus2");
        ObjectNode props = vm.putObject("properties");
        props.putObject("hardwareProfile").put("vmSize", "Standard_D16s_v5");
        props.putObject("networkProfile").putArray("networkInterfaces").addObject().put("id", nicId);
        arm.putVm(vmId, vm, "running");
        p.audit.recordAll(List.of(new AuditRecord(SUB, nicId, UUID.randomUUID().toString(), null, "eventgrid", null,
                "Microsoft.Network/networkInterfaces/write", "APPLIED", List.of(), "A4", null, null, "enforce", 30, 1, 1,
                appliedAt)));
        // Creation rate pinned per read: the first minute a read asks for gets 1000, the next 1001, ...
        double[] rates = new double[200];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = 1000 + i;
        }
        arm.setMetric(vmId, FlowMetrics.INBOUND_RATE, rates);
        arm.setMetric(vmId, FlowMetrics.OUTBOUND_RATE, new double[200]);
        return vmId;
    }

    @Test
    void aRestartedPullContinuesFromEachVmsWatermark() {
        Process first = new Process();
        Instant start = clock.instant().minus(Duration.ofHours(1));
        Instant watermark = clock.instant().minus(Duration.ofMinutes(5));
        String vmId = managedVm(first, "fw-1", start.minus(Duration.ofDays(1)));

        MonitorPull.Outcome one = first.pull.run();
        assertEquals(List.of(), one.failures());
        assertEquals(1, one.managedNics());
        assertEquals(1, one.vms());
        assertEquals(2, one.metricReads(), "55 minutes in reads of 30");
        assertEquals(55, one.samples());
        assertEquals(1, arm.count("nic.get"), "the NIC's VM: one NIC read");
        assertEquals(2, arm.count("metrics.get"));
        Map<Instant, Double> cps = first.cpsOf(vmId);
        assertEquals(55, cps.size());
        assertEquals(1000.0, cps.get(start));
        assertEquals(1010.0, cps.get(start.plus(Duration.ofMinutes(10))));
        assertFalse(cps.containsKey(watermark), "minutes inside the settle delay wait for the next run");
        ManagedResources.VmRow row = first.resources.vm(vmId).orElseThrow();
        assertEquals(watermark, row.watermark());
        assertEquals("Standard_D16s_v5", row.size());
        ManagedResources.NicRow nic = first.resources.nics().values().iterator().next();
        assertEquals("A4", nic.tier());
        assertTrue(nic.vmId().equalsIgnoreCase(vmId));

        clock.advance(Duration.ofMinutes(10));
        arm.resetCounts();
        Process restarted = new Process();
        MonitorPull.Outcome two = restarted.pull.run();
        assertEquals(List.of(), two.failures());
        assertEquals(1, two.metricReads(), "from the watermark: ten minutes, one read");
        assertEquals(0, arm.count("nic.get") + arm.count("vm.get") + arm.count("vm.instanceView"),
                "what the first process learnt of the NIC and VM was kept");
        cps = restarted.cpsOf(vmId);
        assertEquals(65, cps.size());
        assertEquals(1000.0, cps.get(watermark), "the second read started at the watermark");
        assertEquals(1010.0, cps.get(start.plus(Duration.ofMinutes(10))), "and did not read the first hour again");
        assertEquals(watermark.plus(Duration.ofMinutes(10)), restarted.resources.vm(vmId).orElseThrow().watermark());

        MonitorPull.Outcome three = restarted.pull.run();
        assertEquals(0, three.metricReads());
        assertEquals(1, three.upToDate());
    }

    @Test
    void throttlingIsWaitedOutAndASubscriptionThatStaysThrottledWaitsForTheNextRun() {
        Process p = new Process();
        String vm1 = managedVm(p, "fw-a", clock.instant().minus(Duration.ofDays(2)));
        String vm2 = managedVm(p, "fw-b", clock.instant().minus(Duration.ofDays(2)));

        // Throttled twice with Retry-After 1: the pipeline waits as told and the reads go through.
        arm.inject(FaultRule.error("GET", METRICS_PATH, 429, "SubscriptionRequestsThrottled", 1, 2));
        MonitorPull.Outcome one = p.pull.run();
        assertEquals(List.of(), one.failures());
        assertEquals(2, arm.count("fault"));
        assertEquals(4, one.metricReads());
        assertEquals(110, one.samples());
        Instant watermark = clock.instant().minus(Duration.ofMinutes(5));

        // Throttled for good: the first VM's read fails after its attempts, the other VM of that
        // subscription is not asked this run, and no watermark moves.
        arm.clearFaults();
        arm.resetCounts();
        arm.inject(FaultRule.error("GET", METRICS_PATH, 429, "SubscriptionRequestsThrottled", 1, -1));
        clock.advance(Duration.ofMinutes(10));
        MonitorPull.Outcome two = p.pull.run();
        assertEquals(1, two.failures().size(), two.failures().toString());
        assertTrue(two.failures().get(0).contains("429"), two.failures().get(0));
        assertEquals(3, arm.count("fault"), "one VM, three attempts (accelconn.azure.retry.max-attempts)");
        assertEquals(watermark, p.resources.vm(vm1).orElseThrow().watermark());
        assertEquals(watermark, p.resources.vm(vm2).orElseThrow().watermark());

        arm.clearFaults();
        MonitorPull.Outcome three = p.pull.run();
        assertEquals(List.of(), three.failures());
        assertEquals(20, three.samples(), "both VMs caught up");
        assertEquals(65, p.cpsOf(vm1).size());
        assertEquals(65, p.cpsOf(vm2).size());
    }

    @Test
    void nicLookupsPerRunAreBounded() {
        Process p = new Process();
        for (int i = 0; i < 5; i++) {
            managedVm(p, "fw-n" + i, clock.instant().minus(Duration.ofDays(2)));
        }
        MonitorPull bounded = new MonitorPull(TelemetryConfigs.with("monitor.max-lookups-per-run", "3"), p.audit,
                p.resources, p.store, new NicGateway(p.armClients), new VmGateway(p.armClients), new FlowMetrics(p.armClients),
                p.registry, clock);
        MonitorPull.Outcome one = bounded.run();
        assertEquals(3, one.lookups());
        assertEquals(5, one.managedNics());
        assertEquals(3, arm.count("nic.get"));
        assertEquals(3, one.vms(), "the VMs of the NICs mapped so far are pulled; their sizes wait for the budget");
        assertEquals(0, arm.count("vm.get") + arm.count("vm.instanceView"));
        MonitorPull.Outcome two = bounded.run();
        assertEquals(3, two.lookups(), "two NICs, then the first VM sizes");
        assertEquals(5, two.vms());
        assertEquals(3, bounded.run().lookups(), "three more VM sizes");
        assertEquals(1, bounded.run().lookups(), "the last one");
        assertEquals(0, bounded.run().lookups(), "nothing left to learn until mapping-ttl");
        assertTrue(p.resources.vms().values().stream().allMatch(v -> "Standard_D16s_v5".equals(v.size())));
    }
}
