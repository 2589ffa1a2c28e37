package io.accelconn.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * The Functions host's timerTrigger invocation of a custom handler:
 * {@code {"Data":{"<binding>":{"Schedule":{...},"ScheduleStatus":{...}|null,"IsPastDue":false}},
 * "Metadata":{"sys":{"MethodName","UtcNow","RandGuid"}}}}. Only what a timer function acts on
 * is kept; an empty body (a manual run) reads as a timer that is on time.
 *
 * @param binding  the binding name in {@code function.json}, e.g. {@code timer}
 * @param pastDue  the host fired it late (the app was down when it was due)
 * @param last     {@code ScheduleStatus.Last}, null when the host keeps no status ({@code useMonitor} off)
 * @param next     {@code ScheduleStatus.Next}, likewise
 * @param function {@code Metadata.sys.MethodName}, the function's name, when given
 */
public record TimerInvocation(String binding, boolean pastDue, OffsetDateTime last, OffsetDateTime next,
        String function) {

    public static TimerInvocation read(JsonNode envelope, ObjectMapper mapper) {
        if (envelope == null || envelope.isNull() || envelope.isMissingNode()
                || envelope.isObject() && envelope.isEmpty()) {
            return new TimerInvocation(null, false, null, null, null);
        }
        if (!envelope.isObject() || !envelope.path("Data").isObject() || envelope.get("Data").size() != 1) {
            throw RequestRejected.badRequest("INVALID_INVOCATION",
                    "a timer invocation is {\"Data\":{\"<binding>\":{\"Schedule\",\"ScheduleStatus\",\"IsPastDue\"}},"
                            + "\"Metadata\":{...}}");
        }
        Map.Entry<String, JsonNode> binding = envelope.get("Data").fields().next();
        JsonNode timer = HostValues.decoded(binding.getValue(), mapper);
        if (timer == null || !timer.isObject()) {
            throw RequestRejected.badRequest("INVALID_INVOCATION", "Data." + WireText.escape(binding.getKey()) + " is not a timer object");
        }
        JsonNode status = timer.path("ScheduleStatus");
        return new TimerInvocation(binding.getKey(), timer.path("IsPastDue").asBoolean(false),
                time(status.path("Last")), time(status.path("Next")),
                HostValues.text(envelope.path("Metadata").path("sys").path("MethodName"), mapper));
    }

    private static OffsetDateTime time(JsonNode node) {
        if (!node.isTextual() || node.textValue().isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.textValue().strip());
        } catch (DateTimeParseException unreadable) {
            // The schedule status is advice for logs; an odd timestamp must not fail the run.
            return null;
        }
    }
}
