package io.accelconn.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.vertx.web.Route;
import io.quarkus.vertx.web.Route.HttpMethod;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code GET /q/openapi}: {@code META-INF/openapi.yaml} as written (YAML), or as JSON with
 * {@code ?format=json} or {@code Accept: application/json}. Served here rather than by
 * quarkus-smallrye-openapi, which parsed and re-emitted the document during every start, first
 * request or not (README "Cold start"); the JSON form is made once, when first asked for.
 */
@ApplicationScoped
public class OpenApiRoute {

    static final String DOCUMENT = "META-INF/openapi.yaml";

    private final ObjectMapper mapper;
    private volatile Buffer yaml;
    private volatile Buffer json;

    public OpenApiRoute(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Route(path = "/q/openapi", methods = HttpMethod.GET, type = Route.HandlerType.BLOCKING)
    void get(RoutingContext ctx) throws IOException {
        String format = ctx.request().getParam("format");
        String accept = ctx.request().getHeader("Accept");
        boolean asJson = format != null ? format.equalsIgnoreCase("json") : accept != null && accept.contains("application/json");
        ctx.response().putHeader("Content-Type", asJson ? "application/json;charset=UTF-8" : "application/yaml;charset=UTF-8")
                .end(asJson ? json() : yaml());
    }

    private Buffer yaml() {
        if (yaml == null) {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(DOCUMENT)) {
                if (in == null) {
                    throw new IllegalStateException(DOCUMENT + " is not in the application");
                }
                yaml = Buffer.buffer(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return yaml;
    }

    private Buffer json() throws IOException {
        if (json == null) {
            json = Buffer.buffer(mapper.writeValueAsBytes(new YAMLMapper().readTree(yaml().getBytes())));
        }
        return json;
    }
}
