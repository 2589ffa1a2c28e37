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
 * Keys are never logged: neither the configured ones nor what a caller sent.
 */
@ApplicationScoped
public class ApiAuthFilter {

    /** The header and query parameter Azure Functions reads function keys from. */
    public static final String KEY_HEADER = "x-functions-key";
    public static final String KEY_PARAMETER = "code";

    static final String REJECTIONS = "accelconn.security.rejections";
    private static final Logger LOG = Logger.getLogger(ApiAuthFilter.class);

    private final SecurityConfig config;
    private final MeterRegistry registry;

    public ApiAuthFilter(SecurityConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Installed at startup: a bad key or open-path setting fails the start, not the first request. */
    void install(@Observes Router router) {
        boolean hosted = hostedByFunctions();
        ApiKeys keys = ApiKeys.of(config.apiKeys().orElse(List.of()));
        AccessRules rules = new AccessRules(keys, config.openPaths(), hosted && config.trustFunctionsHost());
        LOG.infof("API access: %d key(s) configured; open paths %s; %s", keys.size(), config.openPaths(),
                !hosted ? "standalone: protected paths need a key"
                        : config.trustFunctionsHost() ? "on the Functions host: loopback callers are the host"
                                : "on the Functions host, not trusted: every caller needs a key");
        // Before the body handler (Integer.MIN_VALUE + 1): nothing of a refused request is buffered.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> check(rules, ctx));
    }

    private void check(AccessRules rules, RoutingContext ctx) {
        AccessDecision decision = rules.decide(ctx.normalizedPath(), fromLoopback(ctx), presentedKey(ctx));
        if (decision.allowed()) {
            ctx.next();
            return;
        }
        Counter.builder(REJECTIONS).description("Requests refused for a missing or wrong key, by reason")
                .tag("reason", decision.name()).register(registry).increment();
        ctx.fail(new RequestRejected(401, decision.name(), message(decision)));
    }

    private static String message(AccessDecision decision) {
        return switch (decision) {
            case NO_KEYS_CONFIGURED -> "this function needs a key and none is configured: set accelconn.security.api-keys";
            case MISSING_KEY -> "this function needs a key: send it as the " + KEY_HEADER + " header or the "
                    + KEY_PARAMETER + " query parameter";
            case INVALID_KEY -> "the key sent is not valid here";
            default -> throw new IllegalArgumentException(decision + " is not a refusal");
        };
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
