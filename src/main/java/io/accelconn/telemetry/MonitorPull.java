package io.accelconn.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.azure.core.management.exception.ManagementException;

import io.accelconn.audit.AuditStore;
import io.accelconn.azure.ArmRetriesExhaustedException;
import io.accelconn.azure.FlowMetrics;
import io.accelconn.azure.Nic;
import io.accelconn.azure.NicGateway;
import io.accelconn.azure.ResourceId;
import io.accelconn.azure.Vm;
import io.accelconn.azure.VmGateway;
import io.accelconn.policy.AuxiliaryMode;
import io.accelconn.policy.Tier;
import io.accelconn.logging.LogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The {@code cps-monitor-pull} timer: Azure Monitor flow metrics of the VMs whose NICs accelconn
 * manages, stored as {@code azure-monitor} samples, each VM from its watermark onward.
 * <ol>
 * <li>The audit table, read from where the last run stopped (less a lookback for records completed
 * late), names the managed NICs (decisions APPLIED, RESTARTED_AND_APPLIED, UNCHANGED), their tier
 * and when accelconn enabled them.</li>
 * <li>A NIC's VM costs one NIC read, and a VM's size one VM read; both are kept in the watermark
 * table and read again only after {@code mapping-ttl}, at most {@code max-lookups-per-run} per run.
 * Audit records do not carry the VM, and Resource Graph would page through the whole fleet to
 * answer for a few NICs: a remembered read is bounded and cheap.</li>
 * <li>Each VM, the furthest behind first: one metrics read per {@code max-span-per-read}, up to the
 * minute {@code settle-delay} ago; the samples are committed, then the watermark moves. A run
 * stops starting reads at {@code max-metric-reads-per-run} or {@code run-deadline}; ARM reads are
 * paced per subscription by the client read budget, and a subscription that stays throttled is
 * left for the next run.</li>
 * </ol>
 * One sample per VM and minute: {@code cps} is the larger of the inbound and outbound flow creation
 * rates and {@code activeConnections} the larger of the inbound and outbound flows (a connection
 * is a flow in each direction: the larger direction counts connections once).
 */
@ApplicationScoped
public class MonitorPull {

    private static final Logger LOG = Logger.getLogger(MonitorPull.class);

    /** What a run did. {@code failures} name the VM (or NIC) and why; each is retried by the next run. */
    @RegisterForReflection
    public record Outcome(String runId, boolean enabled, int managedNics, int lookups, int vms, int metricReads,
            int samples, int upToDate, boolean stoppedEarly, List<String> failures) {
    }

    private final TelemetryConfig config;
    private final AuditStore audit;
    private final ManagedResources resources;
    private final SampleStore store;
    private final NicGateway nics;
    private final VmGateway vms;
    private final FlowMetrics metrics;
    private final Clock clock;
    private final Counter reads;

    @Inject
    MonitorPull(TelemetryConfig config, AuditStore audit, ManagedResources resources, SampleStore store, NicGateway nics,
            VmGateway vms, FlowMetrics metrics, MeterRegistry registry) {
        this(config, audit, resources, store, nics, vms, metrics, registry, Clock.systemUTC());
    }

    public MonitorPull(TelemetryConfig config, AuditStore audit, ManagedResources resources, SampleStore store,
            NicGateway nics, VmGateway vms, FlowMetrics metrics, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.audit = audit;
        this.resources = resources;
        this.store = store;
        this.nics = nics;
        this.vms = vms;
        this.metrics = metrics;
        this.clock = clock;
        this.reads = Counter.builder("accelconn.telemetry.monitor.reads")
                .description("Azure Monitor metrics reads made by cps-monitor-pull").register(registry);
    }

    public Outcome run() {
        String runId = UUID.randomUUID().toString();
        if (!config.monitor().enabled()) {
            return new Outcome(runId, false, 0, 0, 0, 0, 0, 0, false, List.of());
        }
        LogContext scope = LogContext.run(runId);
        try {
            return new Run(runId, clock.instant()).go();
        } finally {
            scope.close();
        }
    }

    /** One run's budget and findings. */
    private final class Run {
        final String runId;
        final Instant now;
        final long deadline = System.nanoTime() + config.runDeadline().toNanos();
        final List<String> failures = new ArrayList<>();
        final Set<String> throttledSubscriptions = new HashSet<>();
        int lookups;
        int metricReads;
        int samples;
        int upToDate;
        boolean stoppedEarly;

        Run(String runId, Instant now) {
            this.runId = runId;
            this.now = now;
        }

        Outcome go() {
            scanAudit();
            Map<String, ManagedResources.NicRow> managed = resources.nics();
            Map<String, ManagedResources.VmRow> known = resources.vms();
            Set<String> vmIds = mapNics(managed);
            List<ManagedResources.VmRow> toPull = new ArrayList<>();
            for (String vmId : vmIds) {
                ManagedResources.VmRow row = known.get(vmId.toLowerCase(Locale.ROOT));
                row = learnSize(vmId, row);
                if (row != null) {
                    toPull.add(row);
                }
            }
            // The VM furthest behind first, so a run cut short never starves the same VMs.
            toPull.sort(Comparator.comparing(ManagedResources.VmRow::watermark, Comparator.nullsFirst(Comparator.naturalOrder())));
            for (ManagedResources.VmRow vm : toPull) {
                if (outOfBudget()) {
                    stoppedEarly = true;
                    break;
                }
                pull(vm);
            }
            Outcome outcome = new Outcome(runId, true, managed.size(), lookups, toPull.size(), metricReads, samples, upToDate,
                    stoppedEarly, List.copyOf(failures));
            LOG.infof("cps-monitor-pull: %d managed NICs, %d VMs, %d metrics reads, %d samples, %d NIC/VM lookups, %d failures%s",
                    outcome.managedNics(), outcome.vms(), metricReads, samples, lookups, failures.size(),
                    stoppedEarly ? " (stopped at the run's budget; the next run continues)" : "");
            return outcome;
        }

        /** Managed NICs from audit records decided since the last scan (less the lookback). */
        void scanAudit() {
            Instant from = resources.auditScannedUntil().map(t -> t.minus(config.monitor().auditLookback())).orElse(null);
            Map<String, ManagedResources.NicRow> seen = new LinkedHashMap<>();
            Map<String, Instant> tierDecidedAt = new HashMap<>();
            audit.decided(from, now).forEach(r -> {
                if (!AuditDecisions.MANAGED.contains(r.decision()) || r.nicId() == null) {
                    return;
                }
                String key = r.nicId().toLowerCase(Locale.ROOT);
                ManagedResources.NicRow row = seen.getOrDefault(key, new ManagedResources.NicRow(r.nicId(), null, null, null, null));
                String tier = row.tier();
                if (Tier.parse(r.tier()).isPresent() && r.decidedAt() != null
                        && (tier == null || r.decidedAt().isAfter(tierDecidedAt.get(key)))) {
                    tier = r.tier();
                    tierDecidedAt.put(key, r.decidedAt());
                }
                Instant enabledAt = row.enabledAt();
                if (AuditDecisions.ENABLING.contains(r.decision()) && r.decidedAt() != null
                        && (enabledAt == null || r.decidedAt().isBefore(enabledAt))) {
                    enabledAt = r.decidedAt();
                }
                seen.put(key, new ManagedResources.NicRow(row.nicId(), tier, enabledAt, null, null));
            });
            if (!seen.isEmpty()) {
                Map<String, ManagedResources.NicRow> stored = resources.nics();
                seen.forEach((key, found) -> {
                    ManagedResources.NicRow old = stored.get(key);
                    ManagedResources.NicRow merged = old == null ? found : new ManagedResources.NicRow(old.nicId(),
                            found.tier() != null ? found.tier() : old.tier(), earlier(old.enabledAt(), found.enabledAt()),
                            old.vmId(), old.mappedAt());
                    if (!merged.equals(old)) {
                        resources.saveNic(merged);
                    }
                });
            }
            resources.auditScanned(now);
        }

        /** The VM of each managed NIC, read from ARM when unknown or older than the mapping TTL. */
        Set<String> mapNics(Map<String, ManagedResources.NicRow> managed) {
            Set<String> vmIds = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (ManagedResources.NicRow row : managed.values()) {
                ManagedResources.NicRow current = row;
                if (stale(row.mappedAt()) && lookups < config.monitor().maxLookupsPerRun() && !pastDeadline()) {
                    current = lookUpNic(row);
                }
                if (current != null && current.vmId() != null) {
                    vmIds.add(current.vmId());
                }
            }
            return vmIds;
        }

        ManagedResources.NicRow lookUpNic(ManagedResources.NicRow row) {
            lookups++;
            LogContext scope = LogContext.nic(row.nicId());
            try {
                Optional<Nic> nic = nics.get(row.nicId());
                if (nic.isEmpty()) {
                    resources.forgetNic(row.nicId());
                    return null;
                }
                String tier = row.tier();
                if (tier == null && AuxiliaryMode.ACCELERATED_CONNECTIONS.equalsIgnoreCase(nic.get().auxiliaryMode())) {
                    tier = Tier.parse(nic.get().auxiliarySku()).map(Tier::name).orElse(null);
                }
                ManagedResources.NicRow mapped = new ManagedResources.NicRow(row.nicId(), tier, row.enabledAt(),
                        nic.get().vmId(), now);
                resources.saveNic(mapped);
                return mapped;
            } catch (RuntimeException e) {
                failures.add(row.nicId() + ": reading the NIC failed: " + e.getMessage());
                return row; // keep pulling for the VM last known
            } finally {
                scope.close();
            }
        }

        /** The VM's row with its size, read from ARM when unknown or stale; null when the VM is gone. */
        ManagedResources.VmRow learnSize(String vmId, ManagedResources.VmRow row) {
            if (row != null && !stale(row.checkedAt())) {
                return row;
            }
            if (lookups >= config.monitor().maxLookupsPerRun() || pastDeadline()) {
                return row != null ? row : new ManagedResources.VmRow(vmId, null, null, null, null);
            }
            lookups++;
            LogContext scope = LogContext.vm(vmId);
            try {
                Optional<Vm> vm = vms.get(vmId);
                if (vm.isEmpty()) {
                    resources.forgetVm(vmId);
                    return null;
                }
                resources.saveVmSize(vmId, vm.get().size(), now);
                return resources.vm(vmId).orElse(null);
            } catch (RuntimeException e) {
                failures.add(vmId + ": reading the VM failed: " + e.getMessage());
                return row != null ? row : new ManagedResources.VmRow(vmId, null, null, null, null);
            } finally {
                scope.close();
            }
        }

        /** The VM's metrics from its watermark to the settled present, one read per span. */
        void pull(ManagedResources.VmRow vm) {
            ResourceId id = ResourceId.parseVm(vm.vmId());
            if (throttledSubscriptions.contains(id.subscriptionId().toLowerCase(Locale.ROOT))) {
                return;
            }
            Instant end = now.minus(config.monitor().settleDelay()).truncatedTo(ChronoUnit.MINUTES);
            Instant oldest = now.minus(config.maxSampleAge()).plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
            Instant start = vm.watermark() != null ? vm.watermark()
                    : now.minus(config.monitor().initialLookback()).truncatedTo(ChronoUnit.MINUTES);
            if (start.isBefore(oldest)) {
                start = oldest; // older minutes would be refused as samples, and deleted soon anyway
            }
            if (!end.isAfter(start)) {
                upToDate++;
                return;
            }
            LogContext scope = LogContext.vm(vm.vmId());
            ManagedResources.VmRow row = vm;
            try {
                while (start.isBefore(end)) {
                    if (outOfBudget()) {
                        stoppedEarly = true;
                        return;
                    }
                    Instant spanEnd = start.plus(config.monitor().maxSpanPerRead());
                    if (spanEnd.isAfter(end)) {
                        spanEnd = end;
                    }
                    metricReads++;
                    reads.increment();
                    List<CpsSample> minutes = samples(id, metrics.read(vm.vmId(), start, spanEnd));
                    WriteReport written = store.write(minutes);
                    if (!written.complete()) {
                        failures.add(vm.vmId() + ": storing " + minutes.size() + " samples failed: "
                                + written.failure().getMessage());
                        return;
                    }
                    samples += minutes.size();
                    resources.advanceWatermark(row, spanEnd);
                    // The row's new version (ETag) for the next span's watermark.
                    row = resources.vm(vm.vmId()).orElse(new ManagedResources.VmRow(row.vmId(), row.size(), row.checkedAt(),
                            spanEnd, null));
                    start = spanEnd;
                }
            } catch (RuntimeException e) {
                ArmRetriesExhaustedException exhausted = cause(e, ArmRetriesExhaustedException.class);
                ManagementException refused = cause(e, ManagementException.class);
                if (exhausted != null && exhausted.statusCode() == 429) {
                    // Retry-After was honoured to the last attempt: this subscription's budget is spent for now.
                    throttledSubscriptions.add(id.subscriptionId().toLowerCase(Locale.ROOT));
                }
                if (refused != null && refused.getResponse() != null && refused.getResponse().getStatusCode() == 404) {
                    resources.forgetVm(vm.vmId());
                }
                failures.add(vm.vmId() + ": " + e.getMessage());
            } finally {
                scope.close();
            }
        }

        List<CpsSample> samples(ResourceId vm, List<FlowMetrics.Point> points) {
            List<CpsSample> out = new ArrayList<>(points.size());
            for (FlowMetrics.Point p : points) {
                Double cps = larger(p.inboundRate(), p.outboundRate());
                Double flows = larger(p.inboundFlows(), p.outboundFlows());
                if (cps == null || !valid(cps) || flows != null && !valid(flows)) {
                    continue; // a minute Monitor has no rate for, or an impossible figure: nothing to keep
                }
                out.add(new CpsSample(vm, p.minute(), SampleKind.POINT, CpsSample.AZURE_MONITOR, cps,
                        flows == null ? null : Math.round(flows), null, SynRtt.NONE, null, null, List.of()));
            }
            return out;
        }

        boolean stale(Instant learntAt) {
            return learntAt == null || learntAt.plus(config.monitor().mappingTtl()).isBefore(now);
        }

        boolean pastDeadline() {
            return System.nanoTime() - deadline > 0;
        }

        boolean outOfBudget() {
            return metricReads >= config.monitor().maxMetricReadsPerRun() || pastDeadline();
        }
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Double larger(Double a, Double b) {
        return a == null ? b : b == null ? a : Math.max(a, b);
    }

    private static boolean valid(double v) {
        return Double.isFinite(v) && v >= 0 && v <= SampleRules.MAX_FIGURE;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
