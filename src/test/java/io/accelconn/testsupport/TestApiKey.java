package io.accelconn.testsupport;

import java.net.http.HttpRequest;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.specification.FilterableRequestSpecification;

/**
 * The API key every test application is started with, sent by every test client so that tests call
 * the protected functions as a keyed caller would.
 * <p>
 * The application gets it from {@link Config}, a global test resource, not from
 * src/test/resources/application.properties: a {@code @QuarkusIntegrationTest} launches the packaged
 * jar or native executable, which never sees the test resources, but it does receive the
 * configuration that test resources return.
 * <p>
 * As a JUnit extension it is registered for every test class through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}; autodetection is on in the
 * junit-platform.properties that quarkus-junit ships (a file of our own would hide that one and
 * its test class orderer, which Quarkus refuses to run without). Rest-assured requests carry the
 * key unless the test sends its own {@code x-functions-key}, {@code code} or {@code Authorization};
 * java.net.http clients add it with {@link #sign(HttpRequest.Builder)}; benchmarks start the app
 * with a key of their own ({@code bench.AppProcess}).
 */
@QuarkusTestResource(TestApiKey.Config.class)
public final class TestApiKey implements BeforeAllCallback, BeforeEachCallback {

    /** Test-only, public on purpose. */
    public static final String KEY = "accelconn-test-key-0c5a222f3b9e4d17";
    public static final String HEADER = "x-functions-key";

    /** A request builder that carries the test key. */
    public static HttpRequest.Builder sign(HttpRequest.Builder request) {
        return request.header(HEADER, KEY);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws ReflectiveOperationException {
        install(context);
    }

    /** Before each test too: a class loader Quarkus made for this test may not have seen beforeAll. */
    @Override
    public void beforeEach(ExtensionContext context) throws ReflectiveOperationException {
        install(context);
    }

    /**
     * A {@code @QuarkusTest} class lives in a Quarkus class loader with its own copy of
     * rest-assured's statics: install into the copy the test class sees, not this extension's.
     */
    private static void install(ExtensionContext context) throws ReflectiveOperationException {
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        Class.forName(TestApiKey.class.getName(), true, loader).getMethod("installRestAssured").invoke(null);
    }

    /**
     * Adds the key filter to rest-assured's global filters of this class loader, once. A filter,
     * not a request specification: a specification built now would also fix the port, which
     * Quarkus sets only when the application has started.
     */
    public static synchronized void installRestAssured() {
        if (!RestAssured.filters().contains(ADD_KEY)) {
            RestAssured.filters(ADD_KEY);
        }
    }

    private static final Filter ADD_KEY = (request, response, ctx) -> {
        if (!carriesCredentials(request)) {
            request.header(HEADER, KEY);
        }
        return ctx.next(request, response);
    };

    private static boolean carriesCredentials(FilterableRequestSpecification request) {
        return request.getHeaders().hasHeaderWithName(HEADER) || request.getHeaders().hasHeaderWithName("Authorization")
                || request.getQueryParams().containsKey("code");
    }

    /**
     * Hands the key to every application under test, in-process or packaged; and has it check the
     * restart journal at once when it starts: a check arriving seconds into a test would finish the
     * entries a test leaves open on purpose.
     */
    public static final class Config implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("accelconn.security.api-keys", KEY, "accelconn.enforce.restart-journal-start-delay", "PT0S");
        }

        @Override
        public void stop() {
        }
    }
}
