package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A long-running operation that ARM accepts and then fails: the next {@code times} matching writes
 * (a NIC PUT, a VM deallocate or start) are answered as usual (201/202 with
 * {@code Azure-AsyncOperation}), but their operation status ends {@code Failed} with
 * {@code {"error":{"code": errorCode}}}, as the network and compute RPs report it, and the change
 * is rolled back (the NIC keeps its previous body with {@code provisioningState Failed}; the VM
 * returns to its previous power state).
 *
 * @param method    HTTP method to match ({@code PUT}, {@code POST}), or null for any
 * @param pathRegex regex found in the request path, case-insensitive; null matches all
 * @param errorCode ARM error code the operation ends with
 * @param times     how many matching writes fail; -1 = forever
 */
public record OperationFault(String method, String pathRegex, String errorCode, int times) {

    public OperationFault {
        if (errorCode == null || errorCode.isBlank()) throw new IllegalArgumentException("an operation fault needs an error code");
        if (times == 0 || times < -1) throw new IllegalArgumentException("times must be >= 1 or -1 (forever)");
    }

    static OperationFault fromJson(JsonNode n) {
        return new OperationFault(n.hasNonNull("method") ? n.get("method").asText() : null,
                n.hasNonNull("pathRegex") ? n.get("pathRegex").asText() : null, n.path("errorCode").asText(null),
                n.path("times").asInt(1));
    }
}
