package io.accelconn.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Azure Monitor flow metrics for VMs and NICs, in the Metrics REST response shape. Values are
 * deterministic (a hash of resource id, metric and minute) and multiplied by the Accelerated
 * Connections tier from the minute the NIC became accelerated, so a before/after gain shows up
 * in the series the way it would on Azure. Tests can pin exact series with {@link #set}.
 */
final class Metrics {

    record Definition(String name, String unit, String description, boolean rate) {
    }

    static final List<Definition> VM_METRICS = List.of(
            new Definition("Inbound Flows", "Count",
                    "Inbound Flows are number of current flows in the inbound direction (traffic going into the VM)", false),
            new Definition("Outbound Flows", "Count",
                    "Outbound Flows are number of current flows in the outbound direction (traffic going out of the VM)", false),
            new Definition("Inbound Flows Maximum Creation Rate", "CountPerSecond",
                    "The maximum creation rate of inbound flows (traffic going into the VM)", true),
            new Definition("Outbound Flows Maximum Creation Rate", "CountPerSecond",
                    "The maximum creation rate of outbound flows (traffic going out of the VM)", true));
    static final List<Definition> NIC_METRICS = List.of(
            new Definition("CreationRateMaxTotalFlowsIn", "CountPerSecond",
                    "Maximum creation rate of inbound flows", true),
            new Definition("CreationRateMaxTotalFlowsOut", "CountPerSecond",
                    "Maximum creation rate of outbound flows", true),
            new Definition("CurrentTotalFlowsIn", "Count", "Current number of inbound flows", false),
            new Definition("CurrentTotalFlowsOut", "Count", "Current number of outbound flows", false));
    private static final List<String> AGGREGATIONS = List.of("average", "minimum", "maximum", "total", "count");
    private static final int MAX_POINTS = 50_000;

    /** Pinned series: key = lower-cased resource id + '|' + lower-cased metric name. */
    private final Map<String, double[]> overrides = new ConcurrentHashMap<>();
    private final NetworkInterfaces nics;
    private final VirtualMachines vms;

    Metrics(NetworkInterfaces nics, VirtualMachines vms) {
        this.nics = nics;
        this.vms = vms;
    }

    void set(String resourceId, String metricName, double[] values) {
        overrides.put(overrideKey(resourceId, metricName), values.clone());
    }

    void clear() {
        overrides.clear();
    }

    /** The acceleration that applies to the resource: tier factor and since when. */
    private record Boost(double factor, long sinceMillis) {
        static final Boost NONE = new Boost(1, Long.MAX_VALUE);
    }

    ObjectNode query(String resourceId, String metricNames, String timespan, String interval, String aggregation) {
        ResourceId id = ResourceId.tryParse(resourceId);
        boolean isVm = id != null && id.type().equalsIgnoreCase(ResourceId.VMS);
        boolean isNic = id != null && id.type().equalsIgnoreCase(ResourceId.NICS);
        if (!isVm && !isNic) {
            throw ArmException.badRequest("ResourceTypeNotSupported", "The emulator serves metrics for "
                    + "Microsoft.Compute/virtualMachines and Microsoft.Network/networkInterfaces only: " + resourceId);
        }
        String location;
        Boost boost;
        String canonicalId;
        if (isVm) {
            VmRecord vm = vms.get(id.key());
            if (vm == null && !hasOverride(resourceId)) throw ArmException.notFound(id);
            canonicalId = vm != null ? vm.id() : id.canonical();
            location = vm != null ? vm.location() : "";
            boost = vm == null ? Boost.NONE : vmBoost(vm);
        } else {
            NicRecord nic = nics.get(id.key());
            if (nic == null && !hasOverride(resourceId)) throw ArmException.notFound(id);
            canonicalId = nic != null ? nic.id() : id.canonical();
            location = nic != null ? nic.location() : "";
            boost = nic == null ? Boost.NONE : nicBoost(nic);
        }
        List<Definition> known = isVm ? VM_METRICS : NIC_METRICS;
        List<Definition> wanted = resolve(known, metricNames, isVm);
        Instant[] span = parseTimespan(timespan);
        Duration grain = parseInterval(interval, span);
        List<String> aggregations = parseAggregations(aggregation);

        ObjectNode out = Json.object();
        List<Instant> times = timeline(span, grain);
        out.put("cost", times.size() * wanted.size());
        out.put("timespan", span[0].truncatedTo(ChronoUnit.SECONDS) + "/" + span[1].truncatedTo(ChronoUnit.SECONDS));
        out.put("interval", interval == null || interval.isBlank() ? "PT1M" : interval);
        ArrayNode value = out.putArray("value");
        for (Definition d : wanted) {
            ObjectNode m = value.addObject();
            m.put("id", canonicalId + "/providers/Microsoft.Insights/metrics/" + d.name());
            m.put("type", "Microsoft.Insights/metrics");
            ObjectNode name = m.putObject("name");
            name.put("value", d.name());
            name.put("localizedValue", d.name());
            m.put("displayDescription", d.description());
            m.put("unit", d.unit());
            ObjectNode series = m.putArray("timeseries").addObject();
            series.putArray("metadatavalues");
            ArrayNode data = series.putArray("data");
            double[] pinned = overrides.get(overrideKey(canonicalId, d.name()));
            if (pinned != null) {
                for (int i = 0; i < pinned.length; i++) {
                    point(data, span[0].plus(grain.multipliedBy(i)), pinned[i], aggregations, grain);
                }
            } else {
                for (Instant t : times) {
                    point(data, t, generated(canonicalId, d, t, boost), aggregations, grain);
                }
            }
            m.put("errorCode", "Success");
        }
        out.put("namespace", isVm ? VirtualMachines.TYPE : NetworkInterfaces.TYPE);
        out.put("resourceregion", location);
        return out;
    }

    private boolean hasOverride(String resourceId) {
        String prefix = ResourceId.key(resourceId) + "|";
        return overrides.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    private Boost nicBoost(NicRecord nic) {
        return nic.acceleratedSku() == null ? Boost.NONE
                : new Boost(tierFactor(nic.acceleratedSku()), nic.acceleratedSinceMillis());
    }

    /** A VM gains from its most accelerated NIC. */
    private Boost vmBoost(VmRecord vm) {
        Boost best = Boost.NONE;
        for (String nicId : vm.nicIds()) {
            NicRecord nic = nics.get(nicId);
            if (nic == null) continue;
            Boost b = nicBoost(nic);
            if (b.factor > best.factor) best = b;
        }
        return best;
    }

    /** Up to 25x CPS on the top tier (the feature's headline), scaled down for smaller tiers. */
    static double tierFactor(String sku) {
        return switch (sku) {
            case "A1" -> 5;
            case "A2" -> 10;
            case "A4" -> 15;
            case "A8" -> 25;
            default -> 1;
        };
    }

    /**
     * Baseline from the id (so each resource has its own level), a +-10% wobble per minute, and
     * the tier factor from the acceleration time on. Flow counts gain less than creation rates.
     */
    static double generated(String resourceId, Definition d, Instant t, Boost boost) {
        String id = resourceId.toLowerCase(Locale.ROOT);
        double base = d.rate() ? 50 + floorMod(hash(id + "|" + d.name()), 950)
                : 1_000 + floorMod(hash(id + "|" + d.name()), 19_000);
        double wobble = 0.9 + floorMod(hash(id + "|" + d.name() + "|" + t.getEpochSecond() / 60), 201) / 1000.0;
        double factor = t.toEpochMilli() >= boost.sinceMillis ? boost.factor : 1;
        if (!d.rate()) factor = 1 + (factor - 1) / 5;
        return Math.round(base * wobble * factor * 100) / 100.0;
    }

    private static void point(ArrayNode data, Instant t, double v, List<String> aggregations, Duration grain) {
        ObjectNode p = data.addObject();
        p.put("timeStamp", t.toString());
        long samples = Math.max(1, grain.toMinutes());
        for (String a : aggregations) {
            switch (a) {
                case "average" -> p.put("average", v);
                case "minimum" -> p.put("minimum", Math.round(v * 0.8 * 100) / 100.0);
                case "maximum" -> p.put("maximum", Math.round(v * 1.2 * 100) / 100.0);
                case "total" -> p.put("total", Math.round(v * samples * 100) / 100.0);
                case "count" -> p.put("count", (double) samples);
                default -> throw new IllegalStateException(a);
            }
        }
    }

    private static List<Definition> resolve(List<Definition> known, String names, boolean isVm) {
        if (names == null || names.isBlank()) return List.of(known.get(0));
        Map<String, Definition> out = new LinkedHashMap<>();
        for (String n : names.split(",")) {
            String want = n.trim();
            Definition d = known.stream().filter(k -> k.name().equalsIgnoreCase(want)).findFirst().orElseThrow(() ->
                    ArmException.badRequest("BadRequest", "Failed to find metric configuration for provider: "
                            + (isVm ? "Microsoft.Compute, resource Type: virtualMachines" : "Microsoft.Network, resource Type: networkInterfaces")
                            + ", metric: " + want + ", Valid metrics: "
                            + String.join(",", known.stream().map(Definition::name).toList())));
            out.put(d.name(), d);
        }
        return new ArrayList<>(out.values());
    }

    /** ISO 8601 interval: start/end, start/duration, duration/end, or a duration ending now. Default: the last hour. */
    static Instant[] parseTimespan(String timespan) {
        Instant now = Instant.now();
        try {
            if (timespan == null || timespan.isBlank()) return new Instant[]{now.minus(Duration.ofHours(1)), now};
            String[] parts = timespan.split("/");
            if (parts.length == 1) return new Instant[]{now.minus(Duration.parse(parts[0])), now};
            if (parts[0].startsWith("P")) {
                Instant end = Instant.parse(parts[1]);
                return new Instant[]{end.minus(Duration.parse(parts[0])), end};
            }
            Instant start = Instant.parse(parts[0]);
            Instant end = parts[1].startsWith("P") ? start.plus(Duration.parse(parts[1])) : Instant.parse(parts[1]);
            if (!end.isAfter(start)) throw new DateTimeParseException("end before start", timespan, 0);
            return new Instant[]{start, end};
        } catch (DateTimeParseException e) {
            throw ArmException.badRequest("BadRequest", "Invalid timespan '" + timespan + "': " + e.getMessage());
        }
    }

    private static Duration parseInterval(String interval, Instant[] span) {
        if (interval == null || interval.isBlank()) return Duration.ofMinutes(1);
        if (interval.equalsIgnoreCase("FULL")) return Duration.between(span[0], span[1]);
        try {
            Duration d = Duration.parse(interval);
            if (d.compareTo(Duration.ofMinutes(1)) < 0) throw new DateTimeParseException("below PT1M", interval, 0);
            return d;
        } catch (DateTimeParseException e) {
            throw ArmException.badRequest("BadRequest", "Invalid interval '" + interval + "'.");
        }
    }

    private static List<String> parseAggregations(String aggregation) {
        if (aggregation == null || aggregation.isBlank()) return List.of("average");
        List<String> out = new ArrayList<>();
        for (String a : aggregation.split(",")) {
            String x = a.trim().toLowerCase(Locale.ROOT);
            if (!AGGREGATIONS.contains(x)) throw ArmException.badRequest("BadRequest", "Invalid aggregation '" + a + "'.");
            if (!out.contains(x)) out.add(x);
        }
        return out;
    }

    /** Grain-aligned points from start to end, never past now (Monitor has no future data). */
    private static List<Instant> timeline(Instant[] span, Duration grain) {
        List<Instant> times = new ArrayList<>();
        long g = grain.toMillis();
        long startMs = span[0].toEpochMilli();
        long first = startMs - Math.floorMod(startMs, 60_000L);
        long end = Math.min(span[1].toEpochMilli(), System.currentTimeMillis());
        for (long t = first; t < end && times.size() < MAX_POINTS; t += g) times.add(Instant.ofEpochMilli(t));
        return times;
    }

    private static String overrideKey(String resourceId, String metric) {
        return ResourceId.key(resourceId) + "|" + metric.toLowerCase(Locale.ROOT);
    }

    private static int hash(String s) {
        int h = s.hashCode();
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return h;
    }

    private static int floorMod(int h, int m) {
        return Math.floorMod(h, m);
    }
}
