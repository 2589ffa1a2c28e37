package io.accelconn.firsthour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.accelconn.events.EventsProfile;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The status page at {@code /} is served without a key (the Functions host polls it too), and so
 * are the script, style and chart library it loads, and nothing more: its data calls and every
 * other path still need a key. (What the page shows is {@code StatusPageIT}'s, in a browser.)
 */
@QuarkusTest
@TestProfile(EventsProfile.class)
class StatusPageServingTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]*)\"");

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePageAndEveryAssetItLoadsAreOpen() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<title>accelconn status</title>"), page.body());
        assertFalse(page.body().contains(TestApiKey.KEY), "the page embeds no key");
        List<String> assets = new ArrayList<>();
        Matcher m = ASSET.matcher(page.body());
        while (m.find()) {
            assets.add(m.group(1));
        }
        assertEquals(List.of("/status/status.css", "/webjars/chart.js/dist/chart.umd.min.js", "/status/status.js"), assets);
        for (String asset : assets) {
            HttpResponse<String> r = get(asset);
            assertEquals(200, r.statusCode(), asset + ": " + r.body());
            assertFalse(r.body().isEmpty(), asset);
        }
        assertTrue(get("/webjars/chart.js/dist/chart.umd.min.js").body().contains("Chart"), "Chart.js itself");
    }

    @Test
    void theAssetPathsOpenNothingElse() throws Exception {
        for (String path : List.of("/audit", "/status/../audit", "/webjars/chart.js/../../audit", "/webjars/other/x.js",
                "/statusx", "/index.html/../sweep-report", "/favicon.ico")) {
            assertEquals(401, get(path).statusCode(), path);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
