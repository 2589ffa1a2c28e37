package io.accelconn.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.jboss.logging.Logger;

import io.accelconn.api.RequestRejected;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Guards every route (Funqy functions, reactive routes, {@code /q/*}) with the rule of
 * {@link AccessRules}. It runs before the body handler, so the body of a refused request is
 * never read, and refuses with {@code 401 {"code","message"}} through the API's failure handler.
 * A caller without a valid key may present an Entra ID bearer token instead, when
 * {@code accelconn.security.bearer.*} is set. Keys and tokens are never logged.
 */
@ApplicationScoped
public class ApiAuthFilter {

    /** The header and query parameter Azure Functions reads function keys from. */
    public static final String KEY_HEADER = "x-functions-key";
    public static final String KEY_PARAMETER = "code";

    static final String REJECTIONS = "accelconn.security.rejections";
    private static final String BEARER = "Bearer ";
    private static final String PENDING_TOKEN = "accelconn.security.pendingBearerToken";
    private static final Logger LOG = Logger.getLogger(ApiAuthFilter.class);

    private final SecurityConfig config;
    private final MeterRegistry registry;

    public ApiAuthFilter(SecurityConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Installed at startup: a bad key, bearer or open-path setting fails the start, not the first request. */
    void install(@Observes Router router) {
        boolean hosted = hostedByFunctions();
        ApiKeys keys = ApiKeys.of(config.apiKeys().orElse(List.of()));
        BearerTokens bearer = BearerTokens.of(config.bearer());
        AccessRules rules = new AccessRules(keys, config.openPaths(), hosted && config.trustFunctionsHost(), bearer != null);
        LOG.infof("API access: %d key(s) configured; bearer tokens %s; open paths %s; %s", keys.size(),
                bearer == null ? "off" : "of " + config.bearer().issuer().get(), config.openPaths(),
                !hosted ? "standalone: protected paths need a key"
                        : config.trustFunctionsHost() ? "on the Functions host: loopback callers are the host"
                                : "on the Functions host, not trusted: every caller needs a key");
        // Before the body handler (Integer.MIN_VALUE + 1): nothing of a refused request is buffered.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> check(rules, bearer, ctx));
        if (bearer != null) {
            // After the body handler: verifying may fetch the issuer's keys, so it leaves the event loop,
            // and by then the body has been read and cannot be lost while the request waits.
            router.route().order(Integer.MIN_VALUE + 2).handler(ctx -> verifyBearer(bearer, ctx));
        }
    }

    private void check(AccessRules rules, BearerTokens bearer, RoutingContext ctx) {
        AccessDecision decision = rules.decide(ctx.normalizedPath(), fromLoopback(ctx), presentedKey(ctx));
        if (decision.allowed()) {
            ctx.next();
            return;
        }
        String token = bearer == null ? null : bearerToken(ctx);
        if (token != null) {
            ctx.put(PENDING_TOKEN, token);
            ctx.next();
            return;
        }
        refuse(ctx, decision);
    }

    private void verifyBearer(BearerTokens bearer, RoutingContext ctx) {
        String token = ctx.get(PENDING_TOKEN);
        if (token == null) {
            ctx.next();
            return;
        }
        ctx.remove(PENDING_TOKEN);
        ctx.vertx().executeBlocking(() -> bearer.isValid(token), false).onComplete(valid -> {
            if (valid.succeeded() && Boolean.TRUE.equals(valid.result())) {
                ctx.next();
            } else {
                refuse(ctx, AccessDecision.INVALID_TOKEN);
            }
        });
    }

    private void refuse(RoutingContext ctx, AccessDecision decision) {
        Counter.builder(REJECTIONS).description("Requests refused for a missing or wrong key or token, by reason")
                .tag("reason", decision.name()).register(registry).increment();
        ctx.fail(new RequestRejected(401, decision.name(), message(decision)));
    }

    private static String message(AccessDecision decision) {
        return switch (decision) {
            case NO_KEYS_CONFIGURED -> "this function needs a key and none is configured: set accelconn.security.api-keys";
            case MISSING_KEY -> "this function needs a key: send it as the " + KEY_HEADER + " header or the "
                    + KEY_PARAMETER + " query parameter (or an Entra ID bearer token, where accelconn accepts them)";
            case INVALID_KEY -> "the key sent is not valid here";
            case INVALID_TOKEN -> "the bearer token is not valid here (signature, issuer, audience or lifetime)";
            default -> throw new IllegalArgumentException(decision + " is not a refusal");
        };
    }

    /** The token of {@code Authorization: Bearer <token>}, or null. */
    private static String bearerToken(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static String presentedKey(RoutingContext ctx) {
        String header = ctx.request().getHeader(KEY_HEADER);
        if (header != null && !header.isEmpty()) {
            return header;
        }
        List<String> code = ctx.queryParam(KEY_PARAMETER);
        return code.isEmpty() ? null : code.get(0);
    }

    /** The socket's peer, not a forwarded-for address: a header cannot make a caller look local. */
    private static boolean fromLoopback(RoutingContext ctx) {
        SocketAddress peer = ctx.request().connection().remoteAddress();
        if (peer == null || peer.hostAddress() == null) {
            return false;
        }
        try {
            // A literal address: no name lookup happens.
            return InetAddress.getByName(peer.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean hostedByFunctions() {
        String port = System.getenv("FUNCTIONS_CUSTOMHANDLER_PORT");
        return port != null && !port.isBlank();
    }
}
