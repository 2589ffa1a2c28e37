package io.accelconn.policy;

import io.accelconn.catalog.SizeCatalogProvider;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/** The bundled catalog, read once for all policy tests (reading it is the only I/O here). */
final class PolicyFixtures {

    static final SizeCatalog CATALOG = SizeCatalogProvider.loadBundled(new ObjectMapper());
    static final String SUB = "6f1a3b2c-0d4e-4f5a-8b9c-0123456789ab";

    private PolicyFixtures() {
    }

    /** An eligible candidate, changed one field at a time by the tests. */
    static Candidate good(String size) {
        return new Candidate("eastus2", size, true, SUB, Map.of(), Map.of(), null, false);
    }
}
