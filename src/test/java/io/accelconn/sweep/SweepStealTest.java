package io.accelconn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.accelconn.emulator.FaultRule;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.QueueTriggerDriver;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A page whose write lane the host delivers late (its message held back until every other
 * invocation has ended, as a message left behind a partial batch is): the lanes that run take it
 * over, so the page is written at its pace without waiting for that delivery, within the sweep's
 * rate, each NIC written once and counted once; a lane that took another over and then failed
 * lets it go, and that lane's own delivery resumes it.
 */
@QuarkusTest
@TestProfile(SweepStealTest.FourLanes.class)
class SweepStealTest extends PacedSweepTest {

    static final int NICS = 32;
    static final int LANES = 4;
    /** The sweep's share of the 10 writes/s this profile gives ARM. */
    static final double RATE = 9.5;
    /** A lane's spacing: four slots at 9.5 writes/s. */
    static final Duration SPACING = Duration.ofNanos((long) Math.ceil(1e9 / RATE) * LANES);

    /** One page of 32 NICs dealt to 4 lanes, at 9.5 writes/s: the page takes about 3.4 s at its pace. */
    public static class FourLanes extends SweepProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return paced(LANES, "10");
        }
    }

    QueueTriggerDriver host(String sub) {
        // Lane 3 of the page: dealt fw-003, fw-007, ... (no VMs: one NIC a deal, in id order).
        return QueueTriggerDriver.sweepWorker(Azurite.shared().connectionString(), SweepProfile.QUEUE, "http://127.0.0.1:" + port)
                .withFunctionKey(TestApiKey.KEY)
                .holdBack(text -> text.contains(sub) && text.contains("\"lane\":3"));
    }

    @Test
    void aLaneDeliveredLateIsTakenOverAndThePageKeepsItsPace() {
        String sub = SweepFixtures.newSubscription();
        List<String> nics = SweepFixtures.remediable(arm, sub, NICS);
        try (QueueTriggerDriver host = host(sub)) {
            String runId = SweepTest.start(SweepTest.sweepBody(sub, "enforce"));
            assertTrue(host.drain(Duration.ofSeconds(60)), "the queue did not empty");
            arm.awaitNicWriteListeners();

            assertCompletedAllApplied(runId, NICS);
            List<Long> times = new ArrayList<>();
            for (String nic : nics) {
                var at = written.get(nic.toLowerCase());
                assertEquals(1, at == null ? 0 : at.size(), "written exactly once: " + nic);
                times.addAll(at);
            }
            // Its NICs were written before the late lane's own message was delivered: the lanes that ran took it over.
            long released = host.releasedAtNanos();
            assertTrue(released > 0, "lane 3 was held back");
            assertTrue(times.stream().allMatch(t -> t < released),
                    "every write before lane 3's delivery; after it: " + times.stream().filter(t -> t >= released).count());
            var late = host.deliveries().stream().filter(d -> d.body().contains("lane 3 of page")
                    || d.body().contains("item already DONE")).toList();
            assertTrue(host.deliveries().stream().allMatch(d -> d.status() == 200), host.deliveries().toString());
            assertTrue(late.stream().anyMatch(d -> d.body().contains("SKIPPED")), "lane 3's delivery found it done: " + late);
            assertTrue(host.deliveries().stream().anyMatch(d -> d.body().contains("late lanes 3 taken over")),
                    host.deliveries().toString());
            assertWithinRate(times);
            // Lane 3 keeps its first slot when taken over, so it starts behind its slots and makes that up within the
            // catch-up: its next writes follow each other without waiting a spacing. (Had it been given a fresh first
            // slot at the takeover, at most its first gap could be shorter than a spacing.)
            List<Long> lane3 = nics.stream().filter(n -> Integer.parseInt(n.substring(n.lastIndexOf('-') + 1)) % LANES == 3)
                    .map(n -> written.get(n.toLowerCase()).peek()).sorted().toList();
            long caughtUp = IntStream.range(1, 4).filter(k -> lane3.get(k) - lane3.get(k - 1) < SPACING.toNanos()).count();
            assertTrue(caughtUp >= 2, "lane 3's first writes, ms after its first: "
                    + lane3.stream().map(t -> (t - lane3.get(0)) / 1_000_000).toList() + "; a spacing is " + SPACING.toMillis() + " ms");
        }
    }

    @Test
    void aLaneThatFailsLetsGoOfTheLaneItTookOverWhoseDeliveryResumesIt() {
        String sub = SweepFixtures.newSubscription();
        List<String> nics = SweepFixtures.remediable(arm, sub, NICS);
        // Lane 3's third NIC keeps failing until the host redelivers; only a lane that took lane 3 over can meet it first.
        arm.inject(FaultRule.error("PUT", sub + ".*/networkInterfaces/fw-011", 503, "ServiceUnavailable", null, -1));
        AtomicLong failedAt = new AtomicLong(-1);
        try (QueueTriggerDriver host = host(sub)) {
            host.onDelivery(d -> {
                if (d.status() != 200 && failedAt.compareAndSet(-1, System.nanoTime())) {
                    arm.clearFaults();
                }
            });
            String runId = SweepTest.start(SweepTest.sweepBody(sub, "enforce"));
            assertTrue(host.drain(Duration.ofSeconds(60)), "the queue did not empty");
            arm.awaitNicWriteListeners();

            assertTrue(host.deliveries().stream().anyMatch(d -> d.status() == 503), host.deliveries().toString());
            assertTrue(failedAt.get() > 0 && failedAt.get() < host.releasedAtNanos(),
                    "the lane that took lane 3 over failed on its NIC before lane 3's own delivery");
            JsonPath r = SweepTest.report(runId);
            assertEquals("COMPLETED", r.getString("status"), r.prettify());
            assertTrue(r.getInt("resumes") >= 1, r.prettify());
            assertEquals(NICS, r.getInt("nics"), "each NIC counted once: " + r.prettify());
            assertEquals(NICS, r.getInt("remediated"), r.prettify());
            for (String nic : nics) {
                var at = written.get(nic.toLowerCase());
                assertEquals(1, at == null ? 0 : at.size(), "written exactly once: " + nic);
                assertEquals("AcceleratedConnections", arm.nic(nic).orElseThrow().at("/properties/auxiliaryMode").asText());
            }
            // Let go by the lane that failed, lane 3 was resumed by its own (late) delivery.
            assertTrue(host.deliveries().stream().anyMatch(d -> d.status() == 200 && d.body().contains("lane 3 of page")
                    && !d.body().contains("\"nics\":0")), host.deliveries().toString());
        }
    }

    /**
     * However the lanes were held, the page's writes kept to the sweep's rate: in any second at
     * most the rate's writes plus, per lane, one and the slots it may catch up (each lane at most
     * 1/4 of the rate; SweepPacer's bound at the default {@code lane-catch-up} of 2), and the one
     * slot a write may start late.
     */
    static void assertWithinRate(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        long second = Duration.ofSeconds(1).toNanos();
        int most = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (sorted.get(i) - sorted.get(j) >= second) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        double bound = Math.ceil(RATE) + LANES * (1 + SweepCatchUpTest.CATCH_UP) + 1;
        assertTrue(most <= bound, "at most " + bound + " writes in any second, saw " + most);
    }
}
