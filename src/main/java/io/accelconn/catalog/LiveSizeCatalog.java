package io.accelconn.catalog;

import org.jboss.logging.Logger;

import io.accelconn.azure.SkuCatalogClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asks the Resource SKUs API about a size the bundled snapshot does not know: Azure adds sizes
 * after the snapshot was taken. The answer for the region is cached by {@link SkuCatalogClient}
 * (TTL {@code accelconn.azure.sku-cache-ttl}) and merged into the catalog, so each region costs
 * one ARM read per TTL at most, and known sizes never cost one. When ARM is unreachable the
 * snapshot stands and the size stays unknown.
 */
@ApplicationScoped
public class LiveSizeCatalog {

    private static final Logger LOG = Logger.getLogger(LiveSizeCatalog.class);

    private final SizeCatalogProvider catalogs;
    private final SkuCatalogClient skus;

    public LiveSizeCatalog(SizeCatalogProvider catalogs, SkuCatalogClient skus) {
        this.catalogs = catalogs;
        this.skus = skus;
    }

    /** True when the catalog knows {@code size} now, after asking ARM if it did not before. */
    public boolean ensureKnown(String size, String subscriptionId, String region) {
        if (catalogs.current().find(size).isPresent()) {
            return true;
        }
        try {
            var live = skus.fetchVmSizes(subscriptionId, region);
            catalogs.learn(live, catalogs.current().source() + " + Resource SKUs API (" + region + ")");
        } catch (RuntimeException e) {
            LOG.debugf(e, "Resource SKUs API unavailable for %s; deciding on the bundled snapshot", region);
        }
        return catalogs.current().find(size).isPresent();
    }
}
