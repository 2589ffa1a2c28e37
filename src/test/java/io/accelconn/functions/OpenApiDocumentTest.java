package io.accelconn.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.events.EventsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Holds {@code META-INF/openapi.yaml} (served at /q/openapi) against what the app really serves:
 * the {@code @Funq} functions and {@code @Route} routes in the compiled code, the Functions host
 * layout ({@code functions/*}/function.json), the routes on the running router, and a real request
 * to each documented operation. A branch that adds a function without documenting it fails here.
 */
@QuarkusTest
@TestProfile(EventsProfile.class)
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FUNQY_METHODS = Set.of("GET", "POST");
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** Keeps the application's router for the test (an observer like the app's own route installers). */
    @ApplicationScoped
    public static class RouterCapture {
        static volatile Router router;

        void capture(@Observes Router r) {
            router = r;
        }
    }

    Map<String, Set<String>> documented;

    /** Per test: rest-assured knows the app's port only once a test runs. */
    @BeforeEach
    void readDocument() throws IOException {
        documented = operations(JSON.readTree(given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200).extract().asString()));
    }

    @Test
    void documentMatchesTheFunctionsHostLayout() throws IOException {
        assertEquals(functionJsonOperations(), documented,
                "META-INF/openapi.yaml and functions/*/function.json must name the same paths and methods");
    }

    @Test
    void everyFunctionAndRouteInTheCodeIsDocumentedAndNothingElse() {
        Index index = compiledClasses();
        Map<String, Set<String>> code = new TreeMap<>();
        for (AnnotationInstance funq : index.getAnnotations(DotName.createSimple("io.quarkus.funqy.Funq"))) {
            AnnotationValue name = funq.value();
            String path = "/" + (name == null || name.asString().isEmpty() ? funq.target().asMethod().name() : name.asString());
            code.computeIfAbsent(path, p -> new TreeSet<>()).add("FUNQY");
        }
        for (AnnotationInstance route : index.getAnnotations(DotName.createSimple("io.quarkus.vertx.web.Route"))) {
            AnnotationValue path = route.value("path");
            assertTrue(path != null && !path.asString().isEmpty(), "routes are declared with a path: " + route.target());
            if (path.asString().startsWith("/q/")) {
                continue; // the operations endpoints beside Quarkus' own (/q/openapi serves this document)
            }
            AnnotationValue methods = route.value("methods");
            assertTrue(methods != null, "routes name their methods: " + route.target());
            for (String m : methods.asEnumArray()) {
                code.computeIfAbsent(path.asString(), p -> new TreeSet<>()).add(m.toUpperCase(Locale.ROOT));
            }
        }
        assertFalse(code.isEmpty());
        assertEquals(code.keySet(), documented.keySet(), "paths in the code and in META-INF/openapi.yaml");
        code.forEach((path, methods) -> {
            Set<String> doc = documented.get(path);
            if (methods.remove("FUNQY")) {
                // Funqy serves GET and POST for every function; the document names the ones callers use.
                assertFalse(doc.isEmpty(), path);
                assertTrue(FUNQY_METHODS.containsAll(doc), path + " is a Funqy function (GET or POST), documented as " + doc);
            }
            assertTrue(doc.containsAll(methods), path + ": the code serves " + methods + ", documented " + doc);
            if (!methods.isEmpty()) {
                assertEquals(methods, doc, path + ": documented methods the route does not serve");
            }
        });
    }

    @Test
    void routesAddedOnTheRouterAreDocumented() {
        Router router = RouterCapture.router;
        assertTrue(router != null, "the router was observed at startup");
        Set<String> undocumented = new TreeSet<>();
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            String path = r.getPath();
            if (path == null || path.startsWith("/q/") || path.equals("/q") || path.endsWith("*")
                    || !r.isExactPath()) {
                continue; // filters, failure handlers, Quarkus' own endpoints, prefix mounts (the status page's /webjars/)
            }
            if (!documented.containsKey(path)) {
                undocumented.add(path);
            }
        }
        assertEquals(Set.of(), undocumented, "routes served but missing from META-INF/openapi.yaml");
    }

    @Test
    void everyDocumentedOperationIsServed() {
        documented.forEach((path, methods) -> {
            for (String method : methods) {
                Response r = given().header("Content-Type", "application/json").body(method.equals("POST") ? "{}" : "")
                        .header("WebHook-Request-Origin", "eventgrid.azure.net").when().request(method, path);
                assertNotEquals(404, r.statusCode(), method + " " + path + ": " + r.asString());
                assertNotEquals(405, r.statusCode(), method + " " + path + ": " + r.asString());
                assertTrue(r.statusCode() < 500, method + " " + path + " answered " + r.statusCode() + ": " + r.asString());
            }
        });
    }

    @Test
    void protectedOperationsDeclareTheKeyAndOpenOnesDoNot() throws IOException {
        JsonNode doc = JSON.readTree(given().queryParam("format", "json").when().get("/q/openapi").asString());
        assertTrue(doc.path("components").path("securitySchemes").has("functionKeyHeader"));
        assertTrue(doc.path("components").path("securitySchemes").has("functionKeyQuery"));
        JsonNode eligibility = doc.path("paths").path("/eligibility").path("post");
        assertTrue(eligibility.has("security") && eligibility.path("security").isEmpty(), "/eligibility is open");
        assertFalse(doc.path("paths").path("/audit").path("get").has("security"), "/audit takes the document's key requirement");
    }

    /** path -> upper-case methods of an OpenAPI document. */
    static Map<String, Set<String>> operations(JsonNode doc) {
        Map<String, Set<String>> ops = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> p = paths.next();
            Set<String> methods = new TreeSet<>();
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (HTTP_METHODS.contains(m)) {
                    methods.add(m.toUpperCase(Locale.ROOT));
                }
            });
            ops.put(p.getKey(), methods);
        }
        return ops;
    }

    /** HTTP triggers at their route with their methods; every other trigger is POSTed to /{function} by the host. */
    static Map<String, Set<String>> functionJsonOperations() throws IOException {
        Map<String, Set<String>> ops = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("functions"))) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path file = dir.resolve("function.json");
                if (!Files.exists(file)) {
                    continue;
                }
                for (JsonNode binding : JSON.readTree(file.toFile()).path("bindings")) {
                    if (!"in".equals(binding.path("direction").asText())) {
                        continue;
                    }
                    String name = dir.getFileName().toString();
                    if ("httpTrigger".equals(binding.path("type").asText())) {
                        String route = "/" + binding.path("route").asText(name);
                        Set<String> methods = ops.computeIfAbsent(route, r -> new TreeSet<>());
                        binding.path("methods").forEach(m -> methods.add(m.asText().toUpperCase(Locale.ROOT)));
                    } else {
                        ops.computeIfAbsent("/" + name, r -> new TreeSet<>()).add("POST");
                    }
                }
            }
        }
        return ops;
    }

    private static Index compiledClasses() {
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(Path.of("target/classes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return indexer.complete();
    }
}
