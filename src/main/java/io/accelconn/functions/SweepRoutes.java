package io.accelconn.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.RequestRejected;
import io.accelconn.sweep.SweepReports;
import io.accelconn.sweep.SweepService;
import io.quarkus.vertx.web.Route;
import io.quarkus.vertx.web.Route.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code POST /sweep} (202 with {@code Location}, or 409 with the active run) and
 * {@code GET /sweep-report}. Routes, not Funqy functions: they set status codes and headers and
 * read a query parameter named {@code class}.
 */
@ApplicationScoped
public class SweepRoutes {

    private final SweepService sweeps;
    private final ObjectMapper mapper;

    public SweepRoutes(SweepService sweeps, ObjectMapper mapper) {
        this.sweeps = sweeps;
        this.mapper = mapper;
    }

    @Route(path = "/sweep", methods = HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    void start(RoutingContext ctx) throws JsonProcessingException {
        JsonNode body;
        try {
            body = ctx.body() == null || ctx.body().length() == 0 ? null : mapper.readTree(ctx.body().buffer().getBytes());
        } catch (java.io.IOException e) {
            throw RequestRejected.badRequest("MALFORMED_JSON", "the request body is not valid JSON");
        }
        SweepReports.Started started = sweeps.start(body, "http");
        boolean created = started.code() == null;
        ctx.response().putHeader("Location", "/sweep-report?runId=" + started.runId());
        reply(ctx, created ? 202 : 409, started);
    }

    @Route(path = "/sweep-report", methods = HttpMethod.GET, type = Route.HandlerType.BLOCKING)
    void report(RoutingContext ctx) throws JsonProcessingException {
        String runId = ctx.request().getParam("runId");
        String cls = ctx.request().getParam("class");
        Object answer;
        if (runId == null) {
            answer = sweeps.runs(limit(ctx, 20, 100));
        } else if (cls == null) {
            answer = sweeps.report(runId);
        } else {
            answer = sweeps.rows(runId, cls, limit(ctx, SweepService.DEFAULT_REPORT_ROWS, SweepService.MAX_REPORT_ROWS),
                    ctx.request().getParam("continuation"));
        }
        reply(ctx, 200, answer);
    }

    private static int limit(RoutingContext ctx, int dflt, int max) {
        String v = ctx.request().getParam("limit");
        try {
            int n = v == null ? dflt : Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RequestRejected.badRequest("INVALID_FIELD", "limit must be a number from 1 to " + max);
    }

    private void reply(RoutingContext ctx, int status, Object body) throws JsonProcessingException {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(mapper.writeValueAsString(body));
    }
}
