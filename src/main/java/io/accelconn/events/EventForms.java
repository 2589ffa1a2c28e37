package io.accelconn.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.HostValues;
import io.accelconn.api.RequestRejected;
import io.accelconn.api.WireText;

/**
 * Reads the three forms events arrive in. A body that is not JSON, or not an event form at
 * all, is refused whole; within a batch each event stands alone, so one bad event does not
 * stop the others.
 */
public final class EventForms {

    public static final String VALIDATION_EVENT = "Microsoft.EventGrid.SubscriptionValidationEvent";

    /** One element of a delivery: a readable event, or why it is not one. */
    public record Item(int index, String id, ResourceEvent event, RequestRejected error) {
    }

    /** What a webhook body holds: a validation handshake code, or events. */
    public record Delivery(String validationCode, List<Item> items) {
    }

    private EventForms() {
    }

    /**
     * A direct webhook body: an Event Grid schema array, a CloudEvents object
     * ({@code application/cloudevents+json}) or array ({@code application/cloudevents-batch+json}).
     */
    public static Delivery webhook(JsonNode body, int maxEvents) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw RequestRejected.badRequest("MISSING_BODY", "send an Event Grid or CloudEvents body");
        }
        List<JsonNode> events = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(events::add);
        } else if (body.isObject()) {
            events.add(body);
        } else {
            throw RequestRejected.badRequest("INVALID_BODY", "an event body is a JSON object or array");
        }
        if (events.isEmpty()) {
            throw RequestRejected.badRequest("EMPTY_BATCH", "the delivery holds no events");
        }
        if (events.size() > maxEvents) {
            throw RequestRejected.badRequest("BATCH_TOO_LARGE",
                    "the delivery holds " + events.size() + " events; at most " + maxEvents);
        }
        // The handshake comes alone; it is answered, never mixed with work.
        JsonNode first = events.get(0);
        if (events.size() == 1 && VALIDATION_EVENT.equals(text(first, "eventType"))) {
            String code = text(first.path("data"), "validationCode");
            if (code == null || code.isBlank() || code.length() > 256) {
                throw RequestRejected.badRequest("INVALID_VALIDATION_EVENT", "the validation event has no validationCode");
            }
            return new Delivery(code, List.of());
        }
        List<Item> items = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            items.add(item(i, events.get(i), null));
        }
        return new Delivery(null, items);
    }

    /**
     * The Functions host's eventGridTrigger invocation: {@code {"Data":{"<binding>": event},
     * "Metadata":{...}}}, one event per invocation. The event is an object as the host passes a
     * JObject; a string is read as JSON too, as the host double-encodes string values.
     */
    public static Item functionsInvocation(JsonNode envelope, ObjectMapper mapper) {
        if (envelope == null || !envelope.isObject() || !envelope.path("Data").isObject()) {
            throw RequestRejected.badRequest("INVALID_INVOCATION", "a Functions invocation is {\"Data\":{...},\"Metadata\":{...}}");
        }
        JsonNode data = envelope.get("Data");
        if (data.size() != 1) {
            throw RequestRejected.badRequest("INVALID_INVOCATION",
                    "an eventGridTrigger invocation carries exactly one binding in Data, not " + data.size());
        }
        Map.Entry<String, JsonNode> binding = data.fields().next();
        JsonNode event = HostValues.decoded(binding.getValue(), mapper);
        if (event.isTextual()) {
            throw RequestRejected.badRequest("MALFORMED_JSON", "Data." + WireText.escape(binding.getKey()) + " is not JSON");
        }
        return item(0, event, "functions");
    }

    private static Item item(int index, JsonNode event, String form) {
        String id = event.isObject() ? text(event, "id") : null;
        try {
            return new Item(index, id, read(event, form), null);
        } catch (RequestRejected e) {
            return new Item(index, id, null, e);
        }
    }

    private static ResourceEvent read(JsonNode e, String form) {
        if (!e.isObject()) {
            throw RequestRejected.badRequest("INVALID_EVENT", "an event is a JSON object");
        }
        boolean cloudEvent = e.has("specversion");
        String id = required(e, "id");
        String type = required(e, cloudEvent ? "type" : "eventType");
        if (cloudEvent && !"1.0".equals(text(e, "specversion"))) {
            throw RequestRejected.badRequest("UNSUPPORTED_SPECVERSION", "only CloudEvents 1.0 is read, not "
                    + WireText.escape(text(e, "specversion")));
        }
        JsonNode data = e.path("data");
        String resourceUri = text(data, "resourceUri");
        if (resourceUri == null) {
            resourceUri = text(e, "subject");
        }
        return new ResourceEvent(id, type, time(text(e, cloudEvent ? "time" : "eventTime")),
                text(data, "operationName"), resourceUri, text(data, "correlationId"),
                form != null ? form : cloudEvent ? "cloudevents" : "eventgrid");
    }

    private static String required(JsonNode e, String field) {
        String v = text(e, field);
        if (v == null || v.isBlank()) {
            throw RequestRejected.badRequest("INVALID_EVENT", "the event has no " + field);
        }
        if (v.length() > 512) {
            throw RequestRejected.badRequest("INVALID_EVENT", field + " is longer than 512 characters");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static Instant time(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
