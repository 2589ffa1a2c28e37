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
    static final String LIVE = " + Resource SKUs API";

    private volatile SizeCatalog current;

    public SizeCatalogProvider(ObjectMapper mapper) {
        this.current = loadBundled(mapper);
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

    public static SizeCatalog loadBundled(ObjectMapper mapper) {
        try (InputStream in = SizeCatalogProvider.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled size catalog " + BUNDLED + " is missing from the build");
            }
            ResourceSkuJson.Document doc = ResourceSkuJson.read(in, mapper);
            String date = doc.source() == null ? "unknown date" : doc.source().path("date").asText();
            return SizeCatalog.of(doc.sizes(), "bundled snapshot " + date);
        } catch (IOException e) {
            throw new UncheckedIOException("bundled size catalog " + BUNDLED + " is unreadable", e);
        }
    }
}
