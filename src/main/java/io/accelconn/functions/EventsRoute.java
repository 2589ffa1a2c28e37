package io.accelconn.functions;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.RequestRejected;
import io.accelconn.api.WireText;
import io.accelconn.events.EventForms;
import io.accelconn.events.EventResult;
import io.accelconn.events.EventService;
import io.accelconn.events.EventsConfig;
import io.quarkus.vertx.web.Route;
import io.quarkus.vertx.web.Route.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code POST /events} and {@code OPTIONS /events}: the direct Event Grid webhook, in the
 * Event Grid schema or CloudEvents 1.0, with both handshakes. A plain route, not a Funqy
 * function, because it reads headers and answers OPTIONS.
 */
@ApplicationScoped
public class EventsRoute {

    private final EventService events;
    private final EventsConfig config;
    private final ObjectMapper mapper;

    public EventsRoute(EventService events, EventsConfig config, ObjectMapper mapper) {
        this.events = events;
        this.config = config;
        this.mapper = mapper;
    }

    /** CloudEvents abuse protection: consent to deliveries from Event Grid. The callback URL is never fetched. */
    @Route(path = "/events", methods = HttpMethod.OPTIONS)
    void handshake(RoutingContext ctx) {
        String origin = ctx.request().getHeader("WebHook-Request-Origin");
        if (origin == null || origin.isBlank()) {
            throw RequestRejected.badRequest("MISSING_ORIGIN", "an abuse-protection handshake carries WebHook-Request-Origin");
        }
        if (config.webhookAllowedOrigins().stream().noneMatch(origin.trim()::equalsIgnoreCase)) {
            throw new RequestRejected(403, "ORIGIN_NOT_ALLOWED", "deliveries from " + WireText.escape(origin) + " are not accepted");
        }
        ctx.response().setStatusCode(200)
                .putHeader("WebHook-Allowed-Origin", origin.trim())
                .putHeader("WebHook-Allowed-Rate", "*")
                .putHeader("Allow", "POST, OPTIONS")
                .end();
    }

    @Route(path = "/events", methods = HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    void deliver(RoutingContext ctx) throws IOException {
        JsonNode body = parse(ctx);
        EventForms.Delivery delivery = EventForms.webhook(body, config.maxEventsPerRequest());
        if (delivery.validationCode() != null) {
            reply(ctx, 200, Map.of("validationResponse", delivery.validationCode()));
            return;
        }
        List<EventResult> results = events.handleAll(delivery.items());
        reply(ctx, worst(results), Map.of("results", results));
    }

    /** One transient failure asks for the whole delivery again (the handled ones then answer as duplicates). */
    static int worst(List<EventResult> results) {
        int status = 200;
        for (EventResult r : results) {
            if (r.status() == 503) {
                return 503;
            }
            status = Math.max(status, r.status());
        }
        return status;
    }

    private JsonNode parse(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw RequestRejected.badRequest("MISSING_BODY", "send an Event Grid or CloudEvents body");
        }
        try {
            return mapper.readTree(ctx.body().buffer().getBytes());
        } catch (JsonProcessingException e) {
            throw RequestRejected.badRequest("MALFORMED_JSON", "the request body is not valid JSON: "
                    + WireText.escape(e.getOriginalMessage()));
        } catch (IOException e) {
            throw RequestRejected.badRequest("MALFORMED_JSON", "the request body could not be read");
        }
    }

    private void reply(RoutingContext ctx, int status, Object body) throws JsonProcessingException {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(mapper.writeValueAsString(body));
    }
}
