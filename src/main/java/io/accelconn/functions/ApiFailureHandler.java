package io.accelconn.functions;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.ApiError;
import io.accelconn.api.RequestRejected;
import io.accelconn.api.WireText;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Turns every failed request into {@code {"code","message"}} with the right status. Funqy
 * answers a body it cannot read with a bare 400 and a thrown exception with a 500 and a stack
 * trace; callers need a reason code instead, and never a stack trace.
 */
@ApplicationScoped
public class ApiFailureHandler {

    private static final Logger LOG = Logger.getLogger(ApiFailureHandler.class);

    private final ObjectMapper mapper;

    public ApiFailureHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
        // Unmatched paths get the same JSON answer instead of an HTML page.
        router.route().last().handler(ctx -> ctx.fail(404));
    }

    void handle(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            return;
        }
        RequestRejected rejected = rejection(ctx.failure());
        int status;
        ApiError error;
        if (rejected != null) {
            status = rejected.status();
            error = new ApiError(rejected.code(), rejected.getMessage());
        } else {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            error = switch (status) {
                case 400 -> new ApiError("MALFORMED_JSON", describeUnreadableBody(ctx));
                case 404 -> new ApiError("NOT_FOUND", "no function at " + WireText.escape(ctx.request().path()));
                case 405 -> new ApiError("METHOD_NOT_ALLOWED", ctx.request().method() + " is not allowed here");
                case 413 -> new ApiError("BODY_TOO_LARGE", "the request body is larger than this function accepts");
                case 415 -> new ApiError("UNSUPPORTED_MEDIA_TYPE", "send application/json");
                default -> {
                    status = status >= 400 ? status : 500;
                    LOG.errorf(ctx.failure(), "%s %s failed", ctx.request().method(), WireText.escape(ctx.request().path()));
                    yield new ApiError("INTERNAL_ERROR", "the request failed inside accelconn; see its log");
                }
            };
        }
        try {
            ctx.response().setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(mapper.writeValueAsString(error));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    private static RequestRejected rejection(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RequestRejected r) {
                return r;
            }
        }
        return null;
    }

    /** Funqy keeps the parser's message to itself; parsing again tells the caller where the JSON broke. */
    private String describeUnreadableBody(RoutingContext ctx) {
        String body = ctx.body() == null ? null : ctx.body().asString();
        if (body == null || body.isBlank()) {
            return "the request body is empty; send JSON";
        }
        try {
            mapper.readTree(body);
            return "the request body does not fit this function's input";
        } catch (JsonProcessingException e) {
            return "the request body is not valid JSON: " + WireText.escape(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr());
        }
    }
}
