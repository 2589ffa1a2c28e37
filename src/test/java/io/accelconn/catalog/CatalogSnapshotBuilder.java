package io.accelconn.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.policy.SizeCatalog;
import io.accelconn.policy.VmSizeName;

/**
 * Rebuilds the bundled size catalog {@code src/main/resources/catalog/vm-sizes.json} from the
 * reference catalog in {@code ../shared/reference/compute/}, trimmed to the capabilities the
 * rules read and written in the Resource SKUs API shape the live refresh parses; and from it
 * {@code vm-sizes.tsv}, the {@link CompactCatalog} form the application starts from.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.accelconn.catalog.CatalogSnapshotBuilder</pre>
 */
public final class CatalogSnapshotBuilder {

    static final String REFERENCE = "reference/compute/vm-sizes.catalog.djtools.2026-08-01.json";
    static final Path TARGET = Path.of("src/main/resources/catalog/vm-sizes.json");
    static final Path COMPACT = Path.of("src/main/resources/catalog/vm-sizes.tsv");

    public static void main(String[] args) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode reference = mapper.readTree(sharedDir().resolve(REFERENCE).toFile());
        Files.createDirectories(TARGET.getParent());
        String snapshot = build(reference, mapper);
        Files.writeString(TARGET, snapshot);
        Files.writeString(COMPACT, compact(snapshot, mapper));
        System.out.println("wrote " + TARGET + " and " + COMPACT + " with " + reference.path("skus").size() + " sizes");
    }

    /** The compact form of a snapshot, sizes in the snapshot's order. */
    static String compact(String snapshot, ObjectMapper mapper) throws IOException {
        ResourceSkuJson.Document doc = ResourceSkuJson.read(
                new java.io.ByteArrayInputStream(snapshot.getBytes(java.nio.charset.StandardCharsets.UTF_8)), mapper);
        List<SizeCatalog.Entry> entries = doc.sizes().stream()
                .map(s -> new SizeCatalog.Entry(s, VmSizeName.parse(s.name()).orElse(null))).toList();
        return CompactCatalog.write(entries, "bundled snapshot " + doc.source().path("date").asText());
    }

    static Path sharedDir() {
        return io.accelconn.testsupport.SharedReference.SHARED;
    }

    /** One size per line keeps the file diffable when the reference is refreshed. */
    static String build(JsonNode reference, ObjectMapper mapper) throws IOException {
        ObjectNode source = mapper.createObjectNode();
        source.put("from", "../shared/reference/compute/vm-sizes.catalog.djtools.2026-08-01.json");
        source.put("origin", reference.path("_about").path("source").asText());
        source.put("producedBy", reference.path("_about").path("producedBy").asText());
        source.put("date", "2026-08-01");
        source.put("sizeCount", reference.path("skus").size());
        source.put("vCPUsAvailable", "not in the source: the constrained-core count from the size name "
                + "(Standard_E8-2s_v4 -> 2), else vCPUs");
        source.put("regions", "every size has the same capabilities in every region of the source; "
                + "locations are left out");
        List<JsonNode> skus = StreamSupport.stream(reference.path("skus").spliterator(), false)
                .sorted(Comparator.comparing(s -> s.path("name").asText()))
                .toList();
        StringBuilder out = new StringBuilder();
        out.append("{\"_source\":").append(mapper.writeValueAsString(source)).append(",\n\"value\":[\n");
        for (int i = 0; i < skus.size(); i++) {
            out.append(mapper.writeValueAsString(toApiShape(skus.get(i), mapper)));
            out.append(i + 1 < skus.size() ? ",\n" : "\n");
        }
        return out.append("]}\n").toString();
    }

    static ObjectNode toApiShape(JsonNode sku, ObjectMapper mapper) {
        JsonNode caps = sku.path("capabilities");
        String name = sku.path("name").asText();
        int vCpus = caps.path("vCPUs").asInt();
        int available = VmSizeName.parse(name).filter(VmSizeName::isConstrained)
                .map(VmSizeName::constrainedVCpus).orElse(vCpus);
        ObjectNode out = mapper.createObjectNode();
        out.put("resourceType", "virtualMachines");
        out.put("name", name);
        out.put("family", sku.path("family").asText());
        ArrayNode list = out.putArray("capabilities");
        list.addObject().put("name", "vCPUs").put("value", Integer.toString(vCpus));
        list.addObject().put("name", "vCPUsAvailable").put("value", Integer.toString(available));
        list.addObject().put("name", "AcceleratedNetworkingEnabled")
                .put("value", caps.path("acceleratedNetworking").asBoolean() ? "True" : "False");
        list.addObject().put("name", "MaxNetworkInterfaces").put("value", Integer.toString(caps.path("maxNICs").asInt()));
        return out;
    }
}
