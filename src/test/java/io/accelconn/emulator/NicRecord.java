package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * One stored NIC: its ARM JSON as bytes (parsed only to write or to reshape), plus the few facts
 * read often without parsing: etag, location, and whether/since when it runs Accelerated
 * Connections (the metrics handler boosts values from that moment on).
 *
 * @param acceleratedSku         auxiliarySku when auxiliaryMode is AcceleratedConnections, else null
 * @param acceleratedSinceMillis epoch millis the NIC became accelerated (0 = always was)
 */
record NicRecord(String id, String location, byte[] json, String etag, String acceleratedSku,
                 long acceleratedSinceMillis) {

    static final String ACCELERATED_CONNECTIONS = "AcceleratedConnections";

    /** Record for {@code body}; an already-accelerated predecessor keeps its start time. */
    static NicRecord of(String id, ObjectNode body, NicRecord previous, long sinceIfNewlyAccelerated) {
        JsonNode props = body.path("properties");
        String sku = null;
        long since = 0;
        if (ACCELERATED_CONNECTIONS.equals(props.path("auxiliaryMode").asText(null))) {
            sku = props.path("auxiliarySku").asText("None");
            since = previous != null && previous.acceleratedSku != null
                    ? previous.acceleratedSinceMillis : sinceIfNewlyAccelerated;
        }
        return new NicRecord(id, normalizeLocation(body.path("location").asText("")), Json.bytes(body),
                body.path("etag").asText(null), sku, since);
    }

    ObjectNode body() {
        return Json.parseObject(json);
    }

    /** ARM stores "East US 2" as "eastus2". */
    static String normalizeLocation(String location) {
        return location == null ? null : location.toLowerCase(Locale.ROOT).replace(" ", "");
    }
}
