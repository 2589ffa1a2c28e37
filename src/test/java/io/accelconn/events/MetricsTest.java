package io.accelconn.events;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.accelconn.testsupport.ArmEmulatorResource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The meters of an applied event, as Prometheus scrapes them from /q/metrics, and the naming
 * convention of README "Metrics" held for every accelconn meter registered by then.
 */
@QuarkusTest
@TestProfile(EventsProfile.class)
class MetricsTest {

    /** Micrometer's convention: lower-case words separated by dots; the registry adds units and _total. */
    private static final Pattern NAME = Pattern.compile("accelconn(\\.[a-z][a-z0-9]*)+");

    @Inject
    MeterRegistry registry;

    @Test
    void anAppliedEventShowsInTheScrape() {
        String nic = EventsFixtures.putNic(ArmEmulatorResource.emulator(), EventsFixtures.SUB,
                "fw-metrics-" + UUID.randomUUID().toString().substring(0, 8), "eastus2",
                Map.of("accelconn-vm-size", "Standard_D8s_v4"));
        given().contentType(ContentType.JSON).body(EventsFixtures.batch(EventsFixtures.nicEvent(UUID.randomUUID().toString(), nic)))
                .when().post("/events").then().statusCode(200);

        String scrape = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertSeries(scrape, "accelconn_events_received_total", "outcome=\"HANDLED\"");
        assertSeries(scrape, "accelconn_events_decisions_total", "decision=\"APPLIED\"");
        assertSeries(scrape, "accelconn_events_duration_seconds_bucket", "outcome=\"HANDLED\"");
        assertSeries(scrape, "accelconn_arm_requests_seconds_bucket", "method=\"PUT\"");
        assertSeries(scrape, "accelconn_arm_requests_seconds_count", "status=\"200\"");
        assertSeries(scrape, "accelconn_audit_records_total", "");
    }

    @Test
    void everyMeterFollowsTheConventionAndIsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Metrics");
        assertTrue(start >= 0, "README has a Metrics section");
        int end = readme.indexOf("\n## ", start + 1);
        String section = end < 0 ? readme.substring(start) : readme.substring(start, end);
        Set<String> undocumented = new TreeSet<>();
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            if (!name.startsWith("accelconn")) {
                continue;
            }
            assertTrue(NAME.matcher(name).matches(), name + " is not dotted lower-case");
            if (m instanceof Timer t) {
                assertTrue(t.takeSnapshot().histogramCounts().length > 0, name + " is a timer without a histogram");
            }
            if (!section.contains("`" + name + "`")) {
                undocumented.add(name);
            }
        }
        assertEquals(Set.of(), undocumented, "meters missing from README's Metrics section");
    }

    private static void assertSeries(String scrape, String series, String label) {
        boolean found = scrape.lines().anyMatch(l -> l.startsWith(series + "{") && l.contains(label)
                || label.isEmpty() && l.startsWith(series));
        assertTrue(found, series + " with " + label + " in\n" + scrape.lines().filter(l -> l.startsWith("accelconn"))
                .reduce("", (a, b) -> a + b + "\n"));
    }
}
