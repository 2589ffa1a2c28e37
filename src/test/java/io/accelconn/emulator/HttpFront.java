package io.accelconn.emulator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request pipeline in front of the handlers, in ARM's order: authentication, api-version,
 * injected faults, per-subscription throttling, then the resource provider (whose answer an
 * {@link AnswerLoss} may drop after the work is done). Every answer carries
 * ARM's request-id and rate-limit headers; every failure has the {@code {"error":{...}}} body.
 */
final class HttpFront {
    private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

    private final Vertx vertx;
    private final ArmState state;
    private final ArmRouter router;
    private final AdminApi admin;
    private volatile String baseUrl;

    HttpFront(Vertx vertx, ArmState state, AdminApi admin) {
        this.vertx = vertx;
        this.state = state;
        this.router = new ArmRouter(state);
        this.admin = admin;
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void handle(HttpServerRequest req) {
        req.body().onComplete(ar -> {
            if (ar.failed()) {
                send(req, ArmResponse.json(400, Json.error("InvalidRequestFormat", "Could not read the request body.")));
                return;
            }
            try {
                dispatch(req, ar.result());
            } catch (RuntimeException e) {
                send(req, ArmResponse.json(500, Json.error("InternalServerError", String.valueOf(e))));
            }
        });
    }

    private void dispatch(HttpServerRequest httpReq, Buffer body) {
        if (httpReq.path().startsWith(AdminApi.PREFIX)) {
            admin.handle(httpReq, body);
            return;
        }
        ArmRequest req = ArmRequest.of(httpReq.method().name(), httpReq.path(), httpReq.params(), httpReq.headers(),
                body.getBytes(), baseUrl);
        ArmRouter.Route route = router.resolve(req);
        state.counters.increment(Counters.TOTAL);
        state.counters.increment(route.kind());
        ArmResponse refused = authenticate(req);
        if (refused == null) refused = checkApiVersion(req);
        if (refused != null) {
            send(httpReq, refused);
            return;
        }
        state.faults.runHook(req.method(), httpReq.path());
        FaultRule fault = state.faults.match(req.method(), httpReq.path());
        if (fault == null) {
            send(httpReq, serve(req, route));
            return;
        }
        state.counters.increment("fault");
        if (fault.delayMillis() > 0) {
            vertx.setTimer(fault.delayMillis(), t -> send(httpReq, afterFault(req, route, fault)));
        } else {
            send(httpReq, afterFault(req, route, fault));
        }
    }

    private ArmResponse afterFault(ArmRequest req, ArmRouter.Route route, FaultRule fault) {
        if (fault.status() == 0) return serve(req, route);
        ArmResponse r = ArmResponse.json(fault.status(), Json.error(
                fault.errorCode() == null ? "InjectedFault" : fault.errorCode(), Faults.defaultMessage(fault)));
        if (fault.retryAfterSeconds() != null) r.header("Retry-After", fault.retryAfterSeconds().toString());
        return r;
    }

    /** Throttle, then the handler; the rate-limit header goes on success and failure alike. */
    private ArmResponse serve(ArmRequest req, ArmRouter.Route route) {
        String sub = req.subscription();
        Throttle.Decision decision = sub == null ? null : state.throttle.take(sub, req.isRead());
        String header = req.isRead() ? "x-ms-ratelimit-remaining-subscription-reads"
                : "x-ms-ratelimit-remaining-subscription-writes";
        ArmResponse r;
        if (decision != null && !decision.allowed() && state.options.enforceThrottling()) {
            state.counters.increment("throttled");
            r = ArmResponse.json(429, Json.error("SubscriptionRequestsThrottled", "Number of '"
                    + (req.isRead() ? "read" : "write") + "' requests for subscription '" + sub
                    + "' exceeded. Please try again after '" + decision.retryAfterSeconds()
                    + "' seconds after additional tokens are available."))
                    .header("Retry-After", Integer.toString(decision.retryAfterSeconds()));
        } else {
            try {
                r = route.handler().handle(req);
            } catch (ArmException e) {
                r = ArmResponse.error(e);
            } catch (RuntimeException e) {
                // An emulator bug must still look like ARM to the client, and be visible in the log.
                e.printStackTrace();
                r = ArmResponse.json(500, Json.error("InternalServerError", "ARM emulator failure: " + e));
            }
        }
        if (decision != null) r.header(header, Long.toString(Math.max(0, decision.remaining())));
        return r.status() < 400 ? lost(req, r) : r;
    }

    /** A request carried out whose answer an {@link AnswerLoss} drops: the client sees a 5xx instead. */
    private ArmResponse lost(ArmRequest req, ArmResponse served) {
        AnswerLoss loss = state.faults.lostAnswer(req.method(), req.path());
        if (loss == null) return served;
        state.counters.increment("answer.lost");
        return ArmResponse.json(loss.status(), Json.error(loss.status() == 504 ? "GatewayTimeout" : "BadGateway",
                "The answer was lost on the way back (injected by the ARM emulator)."));
    }

    private static ArmResponse authenticate(ArmRequest req) {
        String auth = req.header("Authorization");
        if (auth == null || auth.isBlank()) {
            return unauthorized("Authentication failed. The 'Authorization' header is missing.");
        }
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
            return unauthorized("Authentication failed. The 'Authorization' header is provided in an invalid format.");
        }
        return null;
    }

    private static ArmResponse unauthorized(String message) {
        return ArmResponse.json(401, Json.error("AuthenticationFailed", message))
                .header("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", "
                        + "error=\"invalid_token\", error_description=\"" + message + "\"");
    }

    private static ArmResponse checkApiVersion(ArmRequest req) {
        String v = req.apiVersion();
        if (v == null || v.isEmpty()) {
            return ArmResponse.json(400, Json.error("MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests."));
        }
        if (!API_VERSION.matcher(v).matches()) {
            return ArmResponse.json(400, Json.error("InvalidApiVersionParameter", "The api-version '" + v
                    + "' is invalid. The supported versions are of the form 'yyyy-MM-dd' or 'yyyy-MM-dd-preview'."));
        }
        return null;
    }

    private static void send(HttpServerRequest httpReq, ArmResponse r) {
        HttpServerResponse res = httpReq.response();
        res.setStatusCode(r.status());
        res.putHeader("x-ms-request-id", UUID.randomUUID().toString());
        String correlation = httpReq.getHeader("x-ms-correlation-request-id");
        res.putHeader("x-ms-correlation-request-id", correlation != null ? correlation : UUID.randomUUID().toString());
        String clientRequestId = httpReq.getHeader("x-ms-client-request-id");
        if (clientRequestId != null) res.putHeader("x-ms-client-request-id", clientRequestId);
        res.putHeader("Cache-Control", "no-cache");
        res.putHeader("Pragma", "no-cache");
        res.putHeader("Expires", "-1");
        for (Map.Entry<String, String> h : r.headers().entrySet()) res.putHeader(h.getKey(), h.getValue());
        if (r.body().length > 0) res.putHeader("Content-Type", "application/json; charset=utf-8");
        res.end(Buffer.buffer(r.body()));
    }
}
