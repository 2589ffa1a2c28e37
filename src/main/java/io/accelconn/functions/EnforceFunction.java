package io.accelconn.functions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.RequestRejected;
import io.accelconn.api.WireText;
import io.accelconn.events.EventForms;
import io.accelconn.events.EventResult;
import io.accelconn.events.EventService;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code POST /enforce}: the {@code enforce} eventGridTrigger function as the Functions host
 * invokes a custom handler, one event per invocation.
 */
public class EnforceFunction {

    @Inject
    EventService events;

    @Inject
    ObjectMapper mapper;

    /**
     * A transient failure fails the invocation (503), so Event Grid delivers the event again.
     * An unreadable event succeeds with the reason in the log: failing it would only make
     * Event Grid retry it for 24 hours.
     */
    @Funq("enforce")
    public FunctionsInvocation enforce(JsonNode invocation) {
        EventForms.Item item = EventForms.functionsInvocation(invocation, mapper);
        EventResult result = events.handleAll(List.of(item)).get(0);
        if (result.status() == 503) {
            throw new RequestRejected(503, result.code(), result.message());
        }
        // The host writes each line of Logs into its own log: nothing from the wire may break a line there.
        String log = "accelconn " + result.outcome() + " event " + WireText.escape(result.id())
                + (result.code() == null ? "" : " (" + result.code() + ": " + WireText.escape(result.message()) + ")");
        return new FunctionsInvocation(Map.of(), List.of(log), result);
    }
}
