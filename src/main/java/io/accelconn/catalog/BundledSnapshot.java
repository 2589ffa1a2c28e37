package io.accelconn.catalog;

import io.accelconn.policy.SizeCatalog;

/**
 * The bundled size catalog, read once per process when this class is first used. The native build
 * initialises application classes while it builds (Quarkus' default), so there the catalog is
 * read by the builder and the executable starts with it in its image heap: the first
 * {@code /eligibility} reads and indexes nothing. On the JVM it is read on first use, as before.
 * A catalog is immutable, so one instance serves every {@link SizeCatalogProvider}.
 */
final class BundledSnapshot {

    static final SizeCatalog CATALOG = SizeCatalogProvider.loadCompact();

    private BundledSnapshot() {
    }
}
