package io.accelconn.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.policy.VmSizeSpec;

/**
 * Reads VM sizes from a Resource SKUs API response ({@code GET /providers/Microsoft.Compute/skus}),
 * the shape of both the live API and the bundled snapshot: {@code {"value":[{"resourceType",
 * "name", "family", "capabilities":[{"name","value"}]}]}} with string capability values.
 */
public final class ResourceSkuJson {

    /** The parsed sizes and the snapshot's {@code _source} note, if the document has one. */
    public record Document(List<VmSizeSpec> sizes, JsonNode source) {
    }

    private ResourceSkuJson() {
    }

    public static Document read(InputStream in, ObjectMapper mapper) throws IOException {
        JsonNode root = mapper.readTree(in);
        JsonNode value = root.path("value");
        if (!value.isArray()) {
            throw new IOException("not a Resource SKUs response: no 'value' array");
        }
        List<VmSizeSpec> sizes = new ArrayList<>(value.size());
        for (JsonNode sku : value) {
            String type = sku.path("resourceType").asText("virtualMachines");
            if (type.equalsIgnoreCase("virtualMachines") && sku.hasNonNull("name")) {
                sizes.add(toSpec(sku));
            }
        }
        return new Document(sizes, root.get("_source"));
    }

    static VmSizeSpec toSpec(JsonNode sku) {
        int vCpus = 0;
        int vCpusAvailable = 0;
        boolean an = false;
        int maxNics = 0;
        for (JsonNode cap : sku.path("capabilities")) {
            String value = cap.path("value").asText();
            switch (cap.path("name").asText()) {
                case "vCPUs" -> vCpus = parseInt(value);
                case "vCPUsAvailable" -> vCpusAvailable = parseInt(value);
                // A missing capability reads as false, as the portal and az CLI read it.
                case "AcceleratedNetworkingEnabled" -> an = value.equalsIgnoreCase("True");
                case "MaxNetworkInterfaces" -> maxNics = parseInt(value);
                default -> {
                }
            }
        }
        return new VmSizeSpec(sku.path("name").asText(), sku.path("family").asText(null), vCpus,
                vCpusAvailable == 0 ? vCpus : vCpusAvailable, an, maxNics);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
