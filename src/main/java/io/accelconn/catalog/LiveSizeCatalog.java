package io.accelconn.catalog;

import io.accelconn.azure.SkuCatalogClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asks the Resource SKUs API about a size the bundled snapshot does not know: Azure adds sizes
 * after the snapshot was taken. The answer for the region is cached by {@link SkuCatalogClient}
 * (TTL {@code accelconn.azure.sku-cache-ttl}), which makes it the negative cache too: a size the
 * region's answer lacks stays unknown, without another ARM read, until the TTL ends. Only sizes
 * the catalog lacks are merged in, under a source text that does not grow, so a stream of events
 * for an unknown size costs neither reads nor memory.
 */
@ApplicationScoped
public class LiveSizeCatalog {

    private final SizeCatalogProvider catalogs;
    private final SkuCatalogClient skus;

    public LiveSizeCatalog(SizeCatalogProvider catalogs, SkuCatalogClient skus) {
        this.catalogs = catalogs;
        this.skus = skus;
    }

    /**
     * True when the catalog knows {@code size} now, after asking ARM if it did not before.
     *
     * @throws RuntimeException the ARM failure when the region's sizes could not be read: deciding
     *                          on the snapshot alone would record a new size as unknown for good
     */
    public boolean ensureKnown(String size, String subscriptionId, String region) {
        if (catalogs.current().find(size).isPresent()) {
            return true;
        }
        catalogs.learn(skus.fetchVmSizes(subscriptionId, region));
        return catalogs.current().find(size).isPresent();
    }
}
