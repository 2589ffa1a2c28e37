package io.accelconn.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.accelconn.api.JsonFields;
import io.accelconn.api.RequestRejected;
import io.accelconn.audit.AuditQuery;
import io.accelconn.audit.AuditRecord;
import io.accelconn.audit.AuditStore;
import io.accelconn.azure.ResourceId;
import io.accelconn.policy.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /cps-report}: CPS figures of a NIC or VM over a window, or of the fleet grouped by
 * tier or VM size, with the before/after gain where enabling is known.
 * <p>
 * A whole day inside the window is taken from its summary ({@link DayDigest}, kept current by
 * every write): for the fleet, from the day index's copies, one range query per day; for one
 * resource, from its summary rows. Only where no summary tells (part of a day at the window's
 * edges, enabling between a day's unlabelled samples at another instant than the summary split
 * them, a sample replaced since) are samples streamed, a partition (a resource's UTC day) at a
 * time into bounded HdrHistograms, so memory does not grow with the window; the summary of a day
 * read whole is stored again for the next report (only if no sample was written meanwhile: If-Match).
 */
@ApplicationScoped
public class CpsReport {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    static final String UNKNOWN_GROUP = "unknown";

    /** Query parameters of {@code GET /cps-report}; a bean because Funqy binds queries to setters. */
    public static class Query {
        private String resourceId;
        private String from;
        private String to;
        private String groupBy;

        public String getResourceId() {
            return resourceId;
        }

        public void setResourceId(String resourceId) {
            this.resourceId = resourceId;
        }

        public String getFrom() {
            return from;
        }

        public void setFrom(String from) {
            this.from = from;
        }

        public String getTo() {
            return to;
        }

        public void setTo(String to) {
            this.to = to;
        }

        public String getGroupBy() {
            return groupBy;
        }

        public void setGroupBy(String groupBy) {
            this.groupBy = groupBy;
        }
    }

    enum GroupBy {
        TIER, SIZE
    }

    /** Where a report took a resource-day from: the meter's tag. */
    enum DaySource {
        /** the day index's copy of the summary (a fleet report) */
        INDEX,
        /** the partition's summary row */
        SUMMARY,
        /** the samples themselves */
        SAMPLES;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final SampleStore store;
    private final ManagedResources resources;
    private final AuditStore audit;
    private final TelemetryConfig config;
    private final Clock clock;
    private final Timer timer;
    private final Map<DaySource, Counter> days = new EnumMap<>(DaySource.class);

    @Inject
    CpsReport(SampleStore store, ManagedResources resources, AuditStore audit, TelemetryConfig config,
            MeterRegistry registry) {
        this(store, resources, audit, config, registry, Clock.systemUTC());
    }

    public CpsReport(SampleStore store, ManagedResources resources, AuditStore audit, TelemetryConfig config,
            MeterRegistry registry, Clock clock) {
        this.store = store;
        this.resources = resources;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
        this.timer = Timer.builder("accelconn.telemetry.report")
                .description("Time to answer GET /cps-report")
                .publishPercentileHistogram()
                .register(registry);
        for (DaySource source : DaySource.values()) {
            days.put(source, Counter.builder("accelconn.telemetry.report.days")
                    .description("Resource-days (or parts of one at a window's edge) summed up by GET /cps-report, by where from")
                    .tag("from", source.tag()).register(registry));
        }
    }

    /** A {@link ReportFigures.Resource} or a {@link ReportFigures.Fleet}, as the query asks. */
    public Object answer(Query q) {
        Query query = q == null ? new Query() : q;
        boolean hasResource = query.getResourceId() != null && !query.getResourceId().isBlank();
        boolean hasGroup = query.getGroupBy() != null && !query.getGroupBy().isBlank();
        if (hasResource == hasGroup) {
            throw RequestRejected.badRequest(hasResource ? JsonFields.INVALID_FIELD : JsonFields.MISSING_FIELD,
                    "give either resourceId (a NIC or VM) or groupBy=tier|size for the fleet");
        }
        Instant to = query.getTo() == null || query.getTo().isBlank() ? clock.instant()
                : SampleJson.instant(query.getTo().strip(), "to");
        Instant from = query.getFrom() == null || query.getFrom().isBlank() ? to.minus(DEFAULT_WINDOW)
                : SampleJson.instant(query.getFrom().strip(), "from");
        if (!from.isBefore(to)) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, "from must be before to");
        }
        if (Duration.between(from, to).compareTo(config.maxReportWindow()) > 0) {
            throw RequestRejected.badRequest("WINDOW_TOO_WIDE", "from..to spans more than "
                    + config.maxReportWindow() + " (accelconn.telemetry.max-report-window)");
        }
        Timer.Sample timing = Timer.start();
        try {
            return hasResource ? resource(SampleRules.resource(query.getResourceId().strip(), "resourceId"), from, to)
                    : fleet(groupBy(query.getGroupBy()), from, to);
        } finally {
            timing.stop(timer);
        }
    }

    ReportFigures.Resource resource(ResourceId id, Instant from, Instant to) {
        ResourceFacts facts = facts(id);
        SourceAccumulator acc = new SourceAccumulator();
        String resourceKey = SampleKeys.resourceKey(id.toString());
        addPartitions(days(from, to).stream().map(day -> new Part(resourceKey, day, acc, facts.enabledAt())).toList(),
                from, to);
        return new ReportFigures.Resource(id.toString(), from, to, facts.tier(), facts.size(), facts.enabledAt(),
                acc.figures());
    }

    ReportFigures.Fleet fleet(GroupBy by, Instant from, Instant to) {
        Map<String, ManagedResources.NicRow> nics = resources.nics();
        Map<String, ManagedResources.VmRow> vms = resources.vms();
        Map<String, SourceAccumulator> groups = new TreeMap<>(groupOrder(by));
        Map<String, Set<String>> members = new TreeMap<>();
        for (LocalDate day : days(from, to)) {
            // One day at a time: what is held is bounded by the resources of a day, not the window's samples.
            Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            boolean wholeDay = !from.isAfter(dayStart) && !to.isBefore(dayStart.plus(Duration.ofDays(1)));
            List<Part> parts = new ArrayList<>();
            for (SampleStore.IndexEntry entry : (Iterable<SampleStore.IndexEntry>) store.resourcesOn(day)::iterator) {
                ResourceId id = ResourceId.parse(entry.resourceId());
                ResourceFacts facts = ManagedResources.facts(id.toString(), id.isVm(), nics, vms);
                String value = by == GroupBy.TIER ? facts.tier() : facts.size();
                String key = value == null ? UNKNOWN_GROUP : value;
                members.computeIfAbsent(key, k -> new HashSet<>()).add(entry.resourceKey());
                SourceAccumulator acc = groups.computeIfAbsent(key, k -> new SourceAccumulator());
                DayDigest digest = wholeDay && entry.digest() != null ? DayDigest.decode(entry.digest()) : null;
                if (digest != null && digest.addTo(acc, facts.enabledAt())) {
                    days.get(DaySource.INDEX).increment();
                } else {
                    parts.add(new Part(entry.resourceKey(), day, acc, facts.enabledAt()));
                }
            }
            addPartitions(parts, from, to);
        }
        return new ReportFigures.Fleet(by.name().toLowerCase(Locale.ROOT), from, to, groups.entrySet().stream()
                .map(g -> new ReportFigures.Group(g.getKey(), members.get(g.getKey()).size(), g.getValue().figures()))
                .toList());
    }

    /** A resource's samples of one UTC day, and where they are to be counted. */
    private record Part(String resourceKey, LocalDate day, SourceAccumulator acc, Instant enabledAt) {
        String partitionKey() {
            return SampleKeys.partitionKey(resourceKey, SampleKeys.day(day));
        }
    }

    /**
     * The parts' samples in [from, to) into their accumulators. Summary rows are read first, all at
     * once; a whole day whose summary tells is taken from it; the others are read
     * {@code read-concurrency} partitions at a time, each into stats of its own, which are merged
     * here, one after the other, as they complete. A day read whole has its summary stored again,
     * split at enabling when that falls on the day.
     */
    private void addPartitions(List<Part> parts, Instant from, Instant to) {
        Map<String, SampleStore.SummaryRow> summaries = store.summaries(parts.stream().map(Part::partitionKey).toList());
        List<PartRead> toRead = new ArrayList<>();
        for (Part part : parts) {
            SampleStore.SummaryRow summary = summaries.get(part.partitionKey());
            if (summary == null) {
                continue; // every write marks its partition's summary row: none means no samples
            }
            Instant dayStart = part.day().atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant dayEnd = dayStart.plus(Duration.ofDays(1));
            boolean wholeDay = !from.isAfter(dayStart) && !to.isBefore(dayEnd);
            Instant enabledAt = part.enabledAt();
            if (wholeDay && summary.digest() != null && summary.digest().addTo(part.acc(), enabledAt)) {
                days.get(DaySource.SUMMARY).increment();
                continue;
            }
            boolean enabledThatDay = enabledAt != null && enabledAt.isAfter(dayStart) && enabledAt.isBefore(dayEnd);
            toRead.add(new PartRead(part, summary, from.isAfter(dayStart) ? from : dayStart, to.isBefore(dayEnd) ? to : dayEnd,
                    wholeDay ? new DayDigest(enabledThatDay ? enabledAt : null) : null));
        }
        Iterable<PartRead> read = Flux.fromIterable(toRead)
                .flatMap(r -> store.samples(r.part.partitionKey(), r.from, r.to).doOnNext(r::add).then(Mono.just(r)),
                        config.readConcurrency())
                .toIterable(config.readConcurrency());
        days.get(DaySource.SAMPLES).increment(toRead.size());
        for (PartRead r : read) {
            r.slots.forEach((slot, stats) -> r.part.acc().add(slot.source(), slot.labelPhase(), slot.phase(), stats));
            if (r.digest != null) {
                store.saveSummary(r.part.resourceKey(), SampleKeys.day(r.part.day()), r.summary, r.digest);
            }
        }
    }

    /** Where a sample of a read partition is counted: its source, what its labels say, and the phase decided. */
    private record Slot(String source, Phase labelPhase, Phase phase) {
    }

    /** One partition read sample by sample: its stats per slot, and the day's summary when it is read whole. */
    private static final class PartRead {
        final Part part;
        final SampleStore.SummaryRow summary;
        final Instant from;
        final Instant to;
        final DayDigest digest;
        final Map<Slot, CpsStats> slots = new HashMap<>();

        PartRead(Part part, SampleStore.SummaryRow summary, Instant from, Instant to, DayDigest digest) {
            this.part = part;
            this.summary = summary;
            this.from = from;
            this.to = to;
            this.digest = digest;
        }

        /** Labels first, else the side of enabling the sample's time lies on. */
        void add(StoredSample s) {
            Instant enabledAt = part.enabledAt();
            Phase phase = s.labelPhase() != Phase.UNKNOWN ? s.labelPhase()
                    : enabledAt == null ? Phase.UNKNOWN
                    : s.timestamp().isBefore(enabledAt) ? Phase.BEFORE : Phase.AFTER;
            slots.computeIfAbsent(new Slot(s.source(), s.labelPhase(), phase), k -> new CpsStats()).add(s);
            if (digest != null) {
                digest.add(s);
            }
        }
    }

    /**
     * Tier and enabling time of a NIC from the audit table (the authority); its VM and the VM's
     * size, and a VM's NICs, from what the Monitor pull learnt.
     */
    ResourceFacts facts(ResourceId id) {
        if (id.isVm()) {
            List<ManagedResources.NicRow> nics = resources.nicsOf(id.toString());
            String size = resources.vm(id.toString()).map(ManagedResources.VmRow::size).orElse(null);
            return new ResourceFacts(ManagedResources.highestTier(nics), size, nics.stream()
                    .map(ManagedResources.NicRow::enabledAt).filter(t -> t != null).min(Comparator.naturalOrder()).orElse(null));
        }
        // The newest 1,000 decisions: a NIC with more (every write event records one) may have its first
        // APPLIED further back, which the pull's full scan of the audit table kept in the NIC's row.
        List<AuditRecord> decisions = audit.query(new AuditQuery(id.subscriptionId(), id.toString(), null, null,
                AuditQuery.MAX_LIMIT));
        Optional<ManagedResources.NicRow> known = resources.nic(id.toString());
        Instant enabledAt = Stream.concat(decisions.stream().filter(r -> AuditDecisions.ENABLING.contains(r.decision()))
                .map(AuditRecord::decidedAt), known.map(ManagedResources.NicRow::enabledAt).stream())
                .filter(t -> t != null).min(Comparator.naturalOrder()).orElse(null);
        String tier = decisions.stream().filter(r -> AuditDecisions.MANAGED.contains(r.decision()))
                .map(AuditRecord::tier).filter(t -> Tier.parse(t).isPresent()).findFirst()
                .orElse(known.map(ManagedResources.NicRow::tier).orElse(null));
        String size = known.map(ManagedResources.NicRow::vmId).flatMap(resources::vm).map(ManagedResources.VmRow::size)
                .orElse(null);
        return new ResourceFacts(tier, size, enabledAt);
    }

    static List<LocalDate> days(Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
        return first.datesUntil(last.plusDays(1)).toList();
    }

    private static GroupBy groupBy(String value) {
        for (GroupBy g : GroupBy.values()) {
            if (g.name().equalsIgnoreCase(value.strip())) {
                return g;
            }
        }
        throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, "groupBy must be tier or size");
    }

    /** Tiers low to high, sizes by name, {@code unknown} last. */
    private static Comparator<String> groupOrder(GroupBy by) {
        Comparator<String> known = by == GroupBy.TIER
                ? Comparator.comparing((String k) -> Tier.parse(k).map(Enum::ordinal).orElse(Integer.MAX_VALUE))
                        .thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        return Comparator.comparing((String k) -> k.equals(UNKNOWN_GROUP)).thenComparing(known);
    }
}
