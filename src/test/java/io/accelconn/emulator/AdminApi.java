package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;


/**
 * The {@code /_emulator/} surface: the Java API for benchmarks and the local run in other
 * processes. No auth, no api-version, not counted.
 *
 * <pre>
 * GET    /_emulator/counts                       {"total":..,"nic.get":..}
 * DELETE /_emulator/counts                       reset the counters
 * POST   /_emulator/reset                        drop state, faults, counters
 * POST   /_emulator/faults                       FaultRule JSON (times defaults to 1)
 * POST   /_emulator/operation-faults             OperationFault JSON (times defaults to 1)
 * POST   /_emulator/lost-answers                 AnswerLoss JSON (times defaults to 1)
 * DELETE /_emulator/faults                       all three kinds
 * GET    /_emulator/power-states?id=...          ["running","deallocating",...]
 * POST   /_emulator/seed                         FleetSpec JSON -> FleetSummary JSON
 * PUT    /_emulator/nics?id=...                  raw ARM NIC body
 * GET    /_emulator/nics?id=...
 * PUT    /_emulator/vms?id=...&amp;powerState=...    raw ARM VM body
 * GET    /_emulator/vms?id=...
 * PUT    /_emulator/skus                         {"value":[...]} Resource SKUs list
 * POST   /_emulator/metrics                      {"resourceId","metricName","values":[...]}
 * </pre>
 */
final class AdminApi {
    static final String PREFIX = "/_emulator/";

    private final Vertx vertx;
    private final ArmState state;

    AdminApi(Vertx vertx, ArmState state) {
        this.vertx = vertx;
        this.state = state;
    }

    void handle(HttpServerRequest req, Buffer body) {
        String what = req.path().substring(PREFIX.length());
        String method = req.method().name();
        try {
            switch (method + " " + what) {
                case "GET counts" -> json(req, 200, Json.MAPPER.valueToTree(state.counters.snapshot()));
                case "DELETE counts" -> empty(req, 204, () -> state.counters.reset());
                case "POST reset" -> empty(req, 204, state::reset);
                case "POST faults" -> empty(req, 201, () -> state.faults.add(FaultRule.fromJson(parse(body))));
                case "POST operation-faults" -> empty(req, 201, () -> state.faults.add(OperationFault.fromJson(parse(body))));
                case "POST lost-answers" -> empty(req, 201, () -> state.faults.add(AnswerLoss.fromJson(parse(body))));
                case "DELETE faults" -> empty(req, 204, state.faults::clear);
                case "GET power-states" -> json(req, 200, Json.MAPPER.valueToTree(state.vms.powerStates(required(req, "id"))));
                case "POST seed" -> seed(req, FleetSpec.fromJson(body.length() == 0 ? Json.object() : parse(body)));
                case "PUT nics" -> json(req, 200, state.nics.putRaw(required(req, "id"), parse(body)).body());
                case "GET nics" -> found(req, state.nics.get(required(req, "id")) == null ? null
                        : state.nics.get(required(req, "id")).body());
                case "PUT vms" -> json(req, 200, VirtualMachines.render(state.vms.put(required(req, "id"), parse(body),
                        VirtualMachines.requirePowerState(req.getParam("powerState"))), true));
                case "GET vms" -> found(req, state.vms.get(required(req, "id")) == null ? null
                        : VirtualMachines.render(state.vms.get(required(req, "id")), true));
                case "PUT skus" -> empty(req, 204, () -> state.skus.set(parse(body)));
                case "POST metrics" -> empty(req, 204, () -> setMetric(parse(body)));
                default -> json(req, 404, Json.error("NotFound", "No admin operation " + method + " " + req.path()));
            }
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            json(req, 400, Json.error("BadRequest", e.getMessage()));
        }
    }

    /** Seeding 100k NICs takes seconds: off the event loop. */
    private void seed(HttpServerRequest req, FleetSpec spec) {
        vertx.<FleetSummary>executeBlocking(() -> new FleetGenerator(spec, state.nics, state.vms).generate(), false)
                .onSuccess(summary -> json(req, 200, Json.MAPPER.valueToTree(summary)))
                .onFailure(e -> json(req, 500, Json.error("InternalServerError", String.valueOf(e))));
    }

    private void setMetric(JsonNode n) {
        JsonNode values = n.path("values");
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i).asDouble();
        state.metrics.set(n.path("resourceId").asText(), n.path("metricName").asText(), v);
    }

    private static JsonNode parse(Buffer body) {
        try {
            return Json.MAPPER.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("body is not JSON: " + Json.firstLine(e));
        }
    }

    private static String required(HttpServerRequest req, String param) {
        String v = req.getParam(param);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("query parameter '" + param + "' is required");
        return v;
    }

    private static void found(HttpServerRequest req, ObjectNode body) {
        if (body == null) json(req, 404, Json.error("ResourceNotFound", "not in the emulator"));
        else json(req, 200, body);
    }

    private static void empty(HttpServerRequest req, int status, Runnable action) {
        action.run();
        req.response().setStatusCode(status).end();
    }

    private static void json(HttpServerRequest req, int status, JsonNode body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Buffer.buffer(Json.bytes(body)));
    }
}
