package io.accelconn.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.plan.PlanMode;
import io.accelconn.plan.PlanReport;
import io.accelconn.plan.PlanService;
import io.quarkus.vertx.web.Route;
import io.quarkus.vertx.web.Route.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code POST /plan}: check and fix an ARM template or a Terraform plan before it is deployed.
 * A route rather than a Funqy function: it reads the query ({@code mode}, {@code location},
 * {@code subscriptionId}) and answers 422 in check mode. Blocking: a large template is
 * parsed and walked in full, which has no place on the event loop.
 */
@ApplicationScoped
public class PlanRoute {

    private final PlanService plans;
    private final ObjectMapper mapper;

    public PlanRoute(PlanService plans, ObjectMapper mapper) {
        this.plans = plans;
        this.mapper = mapper;
    }

    @Route(path = "/plan", methods = HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    void plan(RoutingContext ctx) throws JsonProcessingException {
        PlanService.Options options = PlanService.Options.of(ctx.request().getParam("mode"),
                ctx.request().getParam("location"), ctx.request().getParam("subscriptionId"));
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
        PlanReport report = plans.plan(plans.parse(body), options);
        int status = options.mode() == PlanMode.CHECK && !report.summary().passes() ? 422 : 200;
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(mapper.writeValueAsString(report));
    }
}
