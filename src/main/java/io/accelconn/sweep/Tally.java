package io.accelconn.sweep;

import java.util.Map;
import java.util.TreeMap;

import io.accelconn.policy.ComplianceClass;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Counts of one work item, kept in its checkpoint and summed over the items when a report is
 * read. Each item has its own row and only its worker writes it, so workers finishing at once
 * never contend for a shared counter and no update is lost.
 */
@RegisterForReflection
public final class Tally {

    /** NICs by class. */
    public Map<String, Long> classes = new TreeMap<>();
    /** Region -> class -> NICs. */
    public Map<String, Map<String, Long>> byRegion = new TreeMap<>();
    /** The tier a NIC should have ({@code NONE} when none can be said) -> class -> NICs. */
    public Map<String, Map<String, Long>> byTier = new TreeMap<>();
    /** NICs by what the sweep did. */
    public Map<String, Long> actions = new TreeMap<>();
    public long nics;
    /** Inventory queries and lists, NIC and VM reads and writes (operation polls not counted). */
    public long armRequests;
    public long inventoryRequests;

    void classify(ComplianceClass cls, String region, String tier) {
        nics++;
        classes.merge(cls.name(), 1L, Long::sum);
        byRegion.computeIfAbsent(region == null ? "unknown" : region, r -> new TreeMap<>()).merge(cls.name(), 1L, Long::sum);
        byTier.computeIfAbsent(tier == null ? "NONE" : tier, t -> new TreeMap<>()).merge(cls.name(), 1L, Long::sum);
    }

    void act(SweepAction action) {
        actions.merge(action.name(), 1L, Long::sum);
    }

    long action(SweepAction action) {
        return actions.getOrDefault(action.name(), 0L);
    }

    void add(Tally other) {
        nics += other.nics;
        armRequests += other.armRequests;
        inventoryRequests += other.inventoryRequests;
        other.classes.forEach((k, v) -> classes.merge(k, v, Long::sum));
        other.actions.forEach((k, v) -> actions.merge(k, v, Long::sum));
        other.byRegion.forEach((k, v) -> v.forEach((c, n) -> byRegion.computeIfAbsent(k, x -> new TreeMap<>()).merge(c, n, Long::sum)));
        other.byTier.forEach((k, v) -> v.forEach((c, n) -> byTier.computeIfAbsent(k, x -> new TreeMap<>()).merge(c, n, Long::sum)));
    }
}
