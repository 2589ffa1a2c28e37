package io.accelconn.bench;

import java.util.Arrays;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.catalog.SizeCatalogProvider;
import io.accelconn.policy.SizeCatalog;

/**
 * What loading the bundled size catalog costs the first request that needs it, in the form the
 * application starts from ({@code vm-sizes.tsv}) and from the Resource SKUs JSON it is derived
 * from ({@code vm-sizes.json}: Jackson, then the name pattern on every size): the first load in a
 * fresh class loader (classes loaded, code interpreted, as on a cold start; the compact form goes
 * first, so the JSON load finds the catalog's own classes loaded), then the median of 30 warm loads.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.accelconn.bench.CatalogLoadBenchmark
 * </pre>
 */
public final class CatalogLoadBenchmark {

    public static void main(String[] args) {
        ObjectMapper mapper = new ObjectMapper();
        measure("compact vm-sizes.tsv", SizeCatalogProvider::loadCompact);
        measure("Resource SKUs vm-sizes.json", () -> SizeCatalogProvider.loadBundled(mapper));
    }

    static void measure(String label, Supplier<SizeCatalog> load) {
        long start = System.nanoTime();
        int sizes = load.get().size();
        double first = (System.nanoTime() - start) / 1e6;
        int n = 30;
        double[] warm = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            load.get();
            warm[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf("%-28s %d sizes: first load %.1f ms, warm median %.2f ms%n", label + ":", sizes, first, warm[n / 2]);
    }

    private CatalogLoadBenchmark() {
    }
}
