package io.accelconn.functions;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.RequestRejected;
import io.accelconn.telemetry.CpsIngest;
import io.accelconn.telemetry.IngestAnswer;
import io.quarkus.vertx.web.Route;
import io.quarkus.vertx.web.Route.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code POST /cps}: CPS samples as JSON, or the cps tool's raw output as text/plain (with
 * {@code resourceId}, {@code timestamp} and optional {@code label} query parameters). A route,
 * not a Funqy function, because it dispatches on the content type and Funqy binds JSON only.
 */
@ApplicationScoped
public class CpsRoute {

    /** Seconds a client should wait before sending the samples not committed again. */
    static final String RETRY_AFTER_SECONDS = "5";

    private final CpsIngest ingest;
    private final ObjectMapper mapper;

    public CpsRoute(CpsIngest ingest, ObjectMapper mapper) {
        this.ingest = ingest;
        this.mapper = mapper;
    }

    @Route(path = "/cps", methods = HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    void post(RoutingContext ctx) throws JsonProcessingException {
        String type = ctx.parsedHeaders().contentType() == null ? "" : ctx.parsedHeaders().contentType().value();
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        CpsIngest.Result result;
        if (type.equalsIgnoreCase("application/json") || type.toLowerCase(java.util.Locale.ROOT).endsWith("+json")) {
            result = ingest.json(body);
        } else if (type.equalsIgnoreCase("text/plain")) {
            List<String> labels = ctx.queryParam("label");
            result = ingest.toolOutput(body, ctx.request().getParam("resourceId"), ctx.request().getParam("timestamp"), labels);
        } else {
            throw new RequestRejected(415, "UNSUPPORTED_MEDIA_TYPE", "send samples as application/json, or the cps tool's "
                    + "output as text/plain");
        }
        IngestAnswer answer = IngestAnswer.of(result);
        if (answer.status() == 503) {
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                .end(mapper.writeValueAsString(answer));
    }
}
