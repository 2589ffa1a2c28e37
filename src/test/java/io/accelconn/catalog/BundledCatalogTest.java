package io.accelconn.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.policy.SizeCatalog;
import io.accelconn.policy.VmSizeSpec;

/** The snapshot shipped in the application is the reference catalog, trimmed and nothing else. */
class BundledCatalogTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void bundledSnapshotIsTheReferenceCatalog() throws IOException {
        JsonNode reference = MAPPER.readTree(CatalogSnapshotBuilder.sharedDir().resolve(CatalogSnapshotBuilder.REFERENCE).toFile());
        String rebuilt = CatalogSnapshotBuilder.build(reference, MAPPER);
        assertEquals(rebuilt, Files.readString(CatalogSnapshotBuilder.TARGET),
                "src/main/resources/catalog/vm-sizes.json is stale: run CatalogSnapshotBuilder (see its javadoc)");

        SizeCatalog bundled = SizeCatalogProvider.loadBundled(MAPPER);
        assertEquals(1467, bundled.size());
        int an = 0;
        for (JsonNode sku : reference.path("skus")) {
            VmSizeSpec spec = bundled.find(sku.path("name").asText()).orElseThrow().spec();
            assertEquals(sku.path("capabilities").path("vCPUs").asInt(), spec.vCpus(), spec.name());
            assertEquals(sku.path("capabilities").path("acceleratedNetworking").asBoolean(), spec.acceleratedNetworking(),
                    spec.name());
            assertEquals(sku.path("capabilities").path("maxNICs").asInt(), spec.maxNics(), spec.name());
            an += spec.acceleratedNetworking() ? 1 : 0;
        }
        assertEquals(1313, an, "the reference's own count of AcceleratedNetworkingEnabled sizes");
        assertTrue(bundled.source().contains("2026-08-01"));
    }

    /** What the application starts from is the snapshot: same sizes, same parsed names, same source. */
    @Test
    void compactFormIsTheSnapshot() throws IOException {
        assertEquals(CatalogSnapshotBuilder.compact(Files.readString(CatalogSnapshotBuilder.TARGET), MAPPER),
                Files.readString(CatalogSnapshotBuilder.COMPACT),
                "src/main/resources/catalog/vm-sizes.tsv is stale: run CatalogSnapshotBuilder (see its javadoc)");
        SizeCatalog fromJson = SizeCatalogProvider.loadBundled(MAPPER);
        SizeCatalog compact = SizeCatalogProvider.loadCompact();
        assertEquals(fromJson.size(), compact.size());
        assertEquals(fromJson.source(), compact.source());
        for (SizeCatalog.Entry e : fromJson.entries()) {
            assertEquals(e, compact.find(e.spec().name()).orElseThrow(), e.spec().name());
        }
        assertEquals(2, compact.find("standard_e8-2s_v4").orElseThrow().activeVCpus());
    }

    @Test
    void constrainedSizesExposeTheirActiveVCpus() {
        SizeCatalog bundled = SizeCatalogProvider.loadBundled(MAPPER);
        var e = bundled.find("Standard_E8-2s_v4").orElseThrow();
        assertEquals(8, e.spec().vCpus());
        assertEquals(2, e.activeVCpus());
        assertEquals(4, bundled.find("Standard_DS3_v2").orElseThrow().activeVCpus());
    }

    /** The live refresh reads the raw API shape: a real recorded response parses with nothing lost. */
    @Test
    void parsesARealResourceSkusResponse() throws IOException {
        var path = CatalogSnapshotBuilder.sharedDir().resolve("reference/compute/ResourceSkus.eastus2.2020-03-05.vm-only.json");
        ResourceSkuJson.Document doc;
        try (InputStream in = Files.newInputStream(path)) {
            doc = ResourceSkuJson.read(in, MAPPER);
        }
        assertEquals(243, doc.sizes().size());
        assertEquals(151, doc.sizes().stream().filter(VmSizeSpec::acceleratedNetworking).count());
        Map<String, VmSizeSpec> byName = new HashMap<>();
        doc.sizes().forEach(s -> byName.put(s.name(), s));
        VmSizeSpec b4ms = byName.get("Standard_B4ms");
        assertEquals(new VmSizeSpec("Standard_B4ms", "standardBSFamily", 4, 4, false, 4), b4ms);
        // Constrained sizes carry vCPUsAvailable in the raw API.
        VmSizeSpec constrained = doc.sizes().stream().filter(s -> s.name().contains("-")).findFirst().orElseThrow();
        assertTrue(constrained.vCpusAvailable() < constrained.vCpus(), constrained.toString());
        assertFalse(doc.sizes().stream().anyMatch(s -> s.vCpus() == 0));
    }

    @Test
    void refusesSomethingElse() {
        var in = new java.io.ByteArrayInputStream("{\"skus\":[]}".getBytes());
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ResourceSkuJson.read(in, MAPPER));
    }
}
