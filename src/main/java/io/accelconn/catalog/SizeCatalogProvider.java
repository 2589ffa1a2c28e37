package io.accelconn.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.policy.SizeCatalog;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The size catalog the rules decide with. Starts from the snapshot bundled in the application,
 * so decisions work offline and before the first ARM call; a live refresh swaps in a newer one.
 */
@ApplicationScoped
public class SizeCatalogProvider {

    static final String BUNDLED = "/catalog/vm-sizes.json";
    /** What the application starts from: {@link #BUNDLED} in {@link CompactCatalog}'s form. */
    static final String BUNDLED_COMPACT = "/catalog/vm-sizes.tsv";
    static final String LIVE = " + Resource SKUs API";

    private volatile SizeCatalog current;

    public SizeCatalogProvider() {
        this.current = BundledSnapshot.CATALOG;
    }

    public SizeCatalog current() {
        return current;
    }

    public void replace(SizeCatalog catalog) {
        this.current = catalog;
    }

    /**
     * Adds the live sizes the current catalog lacks; concurrent learners never lose each other's
     * sizes. Nothing is rebuilt when every size is known, and the source text says once that live
     * sizes were added, however often they are.
     */
    public synchronized void learn(java.util.List<io.accelconn.policy.VmSizeSpec> sizes) {
        SizeCatalog now = current;
        var unknown = sizes.stream().filter(s -> now.find(s.name()).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            this.current = now.with(unknown, now.source().endsWith(LIVE) ? now.source() : now.source() + LIVE);
        }
    }

    /** The bundled snapshot from its compact form: what a cold start can afford. */
    public static SizeCatalog loadCompact() {
        try (InputStream in = SizeCatalogProvider.class.getResourceAsStream(BUNDLED_COMPACT)) {
            if (in == null) {
                throw new IllegalStateException("bundled size catalog " + BUNDLED_COMPACT + " is missing from the build");
            }
            CompactCatalog.Document doc = CompactCatalog.read(in);
            return SizeCatalog.ofEntries(doc.entries(), doc.source());
        } catch (IOException e) {
            throw new UncheckedIOException("bundled size catalog " + BUNDLED_COMPACT + " is unreadable", e);
        }
    }

    /** The bundled snapshot from its Resource SKUs JSON, the source of the compact form. */
    public static SizeCatalog loadBundled(ObjectMapper mapper) {
        ResourceSkuJson.Document doc = readBundledDocument(mapper);
        String date = doc.source() == null ? "unknown date" : doc.source().path("date").asText();
        return SizeCatalog.of(doc.sizes(), "bundled snapshot " + date);
    }

    /** The bundled sizes, read but not yet indexed (CatalogLoadBenchmark times the two apart). */
    public static java.util.List<io.accelconn.policy.VmSizeSpec> readBundled(ObjectMapper mapper) {
        return readBundledDocument(mapper).sizes();
    }

    private static ResourceSkuJson.Document readBundledDocument(ObjectMapper mapper) {
        try (InputStream in = SizeCatalogProvider.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled size catalog " + BUNDLED + " is missing from the build");
            }
            return ResourceSkuJson.read(in, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException("bundled size catalog " + BUNDLED + " is unreadable", e);
        }
    }
}
