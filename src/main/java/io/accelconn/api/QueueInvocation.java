package io.accelconn.api;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Functions host's queueTrigger invocation of a custom handler:
 * {@code {"Data":{"<binding>":"<message, JSON-encoded again>"},"Metadata":{"DequeueCount":"1","Id":"\"...\"",
 * "InsertionTime","NextVisibleTime","PopReceipt","sys":{...}}}}. The message and the metadata
 * values arrive encoded once more than the queue holds them (see {@link HostValues}).
 *
 * @param binding      the binding name in {@code function.json}
 * @param message      the message, decoded: an object for a JSON message, text otherwise
 * @param dequeueCount how often the host has delivered it, this time included (1 when the host sent none)
 * @param messageId    the queue's message id, null when absent
 */
public record QueueInvocation(String binding, JsonNode message, int dequeueCount, String messageId) {

    public static QueueInvocation read(JsonNode envelope, ObjectMapper mapper) {
        if (envelope == null || !envelope.isObject() || !envelope.path("Data").isObject() || envelope.get("Data").size() != 1) {
            throw RequestRejected.badRequest("INVALID_INVOCATION",
                    "a queue invocation is {\"Data\":{\"<binding>\":\"<message>\"},\"Metadata\":{\"DequeueCount\",...}}");
        }
        Map.Entry<String, JsonNode> binding = envelope.get("Data").fields().next();
        JsonNode metadata = envelope.path("Metadata");
        String count = HostValues.text(metadata.get("DequeueCount"), mapper);
        int dequeueCount;
        try {
            dequeueCount = count == null ? 1 : Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            throw RequestRejected.badRequest("INVALID_INVOCATION", "Metadata.DequeueCount is not a number");
        }
        return new QueueInvocation(binding.getKey(), HostValues.decoded(binding.getValue(), mapper), Math.max(1, dequeueCount),
                HostValues.text(metadata.get("Id"), mapper));
    }
}
