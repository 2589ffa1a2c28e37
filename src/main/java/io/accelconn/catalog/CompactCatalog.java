package io.accelconn.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.accelconn.policy.SizeCatalog;
import io.accelconn.policy.VmSizeName;
import io.accelconn.policy.VmSizeSpec;

/**
 * The bundled size catalog in the form the application starts from: one tab-separated line per
 * size with its capabilities and its name already taken apart. Reading the Resource SKUs JSON
 * and parsing 1,467 names with the name pattern was most of the first eligibility answer on a
 * cold start; this form is derived from {@code vm-sizes.json} by {@code CatalogSnapshotBuilder}
 * and checked against it by {@code BundledCatalogTest}.
 * <p>
 * Line 1: {@code # <source>}. Then per size: name, SKU family, vCPUs, vCPUsAvailable,
 * AcceleratedNetworkingEnabled (1/0), MaxNetworkInterfaces, and, when the name parses: tier,
 * name family, size number, constrained vCPUs, features, variant, version, promo (1/0).
 */
public final class CompactCatalog {

    /** The sizes and the source line. */
    public record Document(List<SizeCatalog.Entry> entries, String source) {
    }

    private CompactCatalog() {
    }

    public static String write(Collection<SizeCatalog.Entry> entries, String source) {
        StringBuilder out = new StringBuilder("# ").append(source).append('\n');
        for (SizeCatalog.Entry e : entries) {
            VmSizeSpec s = e.spec();
            out.append(s.name()).append('\t').append(s.family() == null ? "" : s.family()).append('\t').append(s.vCpus())
                    .append('\t').append(s.vCpusAvailable()).append('\t').append(s.acceleratedNetworking() ? 1 : 0)
                    .append('\t').append(s.maxNics());
            VmSizeName n = e.name();
            if (n != null) {
                out.append('\t').append(n.tier()).append('\t').append(n.family()).append('\t').append(n.sizeNumber())
                        .append('\t').append(n.constrainedVCpus()).append('\t').append(n.features()).append('\t')
                        .append(n.variant()).append('\t').append(n.version()).append('\t').append(n.promo() ? 1 : 0);
            }
            out.append('\n');
        }
        return out.toString();
    }

    public static Document read(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        String first = reader.readLine();
        if (first == null || !first.startsWith("# ")) {
            throw new IOException("not a compact size catalog: no '# <source>' first line");
        }
        List<SizeCatalog.Entry> entries = new ArrayList<>(1500);
        String[] f = new String[14];
        int lineNumber = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            int count = split(line, f);
            if (count != 6 && count != 14) {
                throw new IOException("compact size catalog line " + lineNumber + " has " + count + " fields");
            }
            VmSizeSpec spec = new VmSizeSpec(f[0], f[1].isEmpty() ? null : f[1], Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), f[4].equals("1"), Integer.parseInt(f[5]));
            VmSizeName name = count == 6 ? null
                    : new VmSizeName(f[6], f[7], Integer.parseInt(f[8]), Integer.parseInt(f[9]), f[10], f[11],
                            Integer.parseInt(f[12]), f[13].equals("1"));
            entries.add(new SizeCatalog.Entry(spec, name));
        }
        return new Document(entries, first.substring(2));
    }

    private static int split(String line, String[] fields) {
        int count = 0;
        int start = 0;
        while (count < fields.length) {
            int tab = line.indexOf('\t', start);
            fields[count++] = tab < 0 ? line.substring(start) : line.substring(start, tab);
            if (tab < 0) {
                return count;
            }
            start = tab + 1;
        }
        return count + 1; // more fields than any line has: refused by the caller
    }
}
