package io.accelconn.policy;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * VM sizes by name, as Accelerated Networking eligibility sees them. Immutable: a refresh
 * builds a new catalog and swaps it in whole.
 */
public final class SizeCatalog {

    /** A size with its name already taken apart, so decisions never run the name parser. */
    public record Entry(VmSizeSpec spec, VmSizeName name) {

        /** Active vCPUs: constrained-core sizes expose fewer than the size's vCPUs. */
        public int activeVCpus() {
            if (spec.vCpusAvailable() > 0) {
                return spec.vCpusAvailable();
            }
            return name != null && name.isConstrained() ? name.constrainedVCpus() : spec.vCpus();
        }
    }

    private final Map<String, Entry> byName;
    private final String source;

    private SizeCatalog(Map<String, Entry> byName, String source) {
        this.byName = byName;
        this.source = source;
    }

    public static SizeCatalog of(Collection<VmSizeSpec> sizes, String source) {
        Map<String, Entry> map = new HashMap<>(sizes.size() * 2);
        for (VmSizeSpec spec : sizes) {
            map.put(key(spec.name()), new Entry(spec, VmSizeName.parse(spec.name()).orElse(null)));
        }
        return new SizeCatalog(Map.copyOf(map), source);
    }

    /** A catalog of sizes whose names were taken apart beforehand (the bundled snapshot's compact form). */
    public static SizeCatalog ofEntries(Collection<Entry> entries, String source) {
        Map<String, Entry> map = new HashMap<>(entries.size() * 2);
        for (Entry entry : entries) {
            map.put(key(entry.spec().name()), entry);
        }
        return new SizeCatalog(Map.copyOf(map), source);
    }

    /**
     * This catalog with {@code sizes} added, or replacing entries of the same name: what a live
     * Resource SKUs answer for one region teaches a catalog built from the snapshot.
     */
    public SizeCatalog with(Collection<VmSizeSpec> sizes, String newSource) {
        Map<String, Entry> map = new HashMap<>(byName);
        for (VmSizeSpec spec : sizes) {
            map.put(key(spec.name()), new Entry(spec, VmSizeName.parse(spec.name()).orElse(null)));
        }
        return new SizeCatalog(Map.copyOf(map), newSource);
    }

    /** ARM treats size names case-insensitively ("standard_d4s_v3" shows up in real output). */
    public Optional<Entry> find(String sizeName) {
        if (sizeName == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(key(sizeName)));
    }

    public java.util.Collection<Entry> entries() {
        return byName.values();
    }

    public int size() {
        return byName.size();
    }

    /** Where this catalog came from: the bundled snapshot or a live region, with a date. */
    public String source() {
        return source;
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
