package io.accelconn.azure;

import java.util.Locale;

/**
 * Where a subscription's inventory walk stands, small enough to be checkpointed after every page
 * and handed to {@link FleetInventory#cursor} to continue there.
 *
 * @param source  where the next page comes from
 * @param token   Resource Graph's {@code $skipToken}, or ARM's {@code nextLink}, of the next page;
 *                null for the first page of that source
 * @param lastKey the lower-cased id of the last NIC taken from Resource Graph. Graph rows come
 *                ordered by it, so a row at or before it is a repeat (paging under change, or a
 *                re-read after a restart) and is skipped; the ARM fallback skips the NICs Graph
 *                already gave the same way. Comparing with it costs no memory, however large the fleet.
 */
public record InventoryPosition(Source source, String token, String lastKey) {

    public enum Source {
        /** Resource Graph, 1,000 joined rows per query. */
        GRAPH,
        /** The ARM list of the subscription's NICs, after Resource Graph failed or when it is switched off. */
        ARM
    }

    public static InventoryPosition start() {
        return new InventoryPosition(Source.GRAPH, null, null);
    }

    /** True when a NIC with this key was already taken before this position. */
    public boolean passed(String key) {
        return lastKey != null && key.compareTo(lastKey) <= 0;
    }

    static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
