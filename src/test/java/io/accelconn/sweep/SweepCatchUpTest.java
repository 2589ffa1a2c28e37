package io.accelconn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;

import io.accelconn.emulator.FaultRule;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.QueueTriggerDriver;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A write lane whose first NIC write takes four lane spacings (ARM slow on that PUT): the lane
 * makes up the slots it lost, within the default catch-up of two spacings, instead of losing them
 * for good: the writes after the slow one follow each other without waiting for a spacing. Every
 * NIC is written once and counted once, and no lane starts more writes in any window than
 * SweepPacer's bound allows.
 */
@QuarkusTest
@TestProfile(SweepCatchUpTest.ThreeSlowLanes.class)
class SweepCatchUpTest extends PacedSweepTest {

    static final int NICS = 15;
    static final int LANES = 3;
    /** The default {@code accelconn.sweep.lane-catch-up}. */
    static final int CATCH_UP = 2;
    /** 0.95 x 1.5 writes/s: a slot of 702 ms, a lane spacing of 2.1 s, far more than a write takes here. */
    static final Duration SPACING = Duration.ofNanos((long) Math.ceil(1e9 / (0.95 * 1.5)) * LANES);

    /** One page of 15 NICs dealt to 3 lanes of 5. */
    public static class ThreeSlowLanes extends SweepProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return paced(LANES, "1.5");
        }
    }

    @Test
    void aLaneWhoseWriteOverranItsSpacingMakesUpItsSlotsWithinTheBound() {
        String sub = SweepFixtures.newSubscription();
        List<String> nics = SweepFixtures.remediable(arm, sub, NICS);
        // The sweep's first NIC PUT (the first write of the first lane) is answered four spacings late, so that lane
        // ends it three spacings behind its slots.
        arm.inject(FaultRule.delay("PUT", sub + ".*/networkInterfaces/fw-", SPACING.multipliedBy(4).toMillis(), 1));
        try (QueueTriggerDriver host = QueueTriggerDriver.sweepWorker(Azurite.shared().connectionString(), SweepProfile.QUEUE,
                "http://127.0.0.1:" + port).withFunctionKey(TestApiKey.KEY)) {
            String runId = SweepTest.start(SweepTest.sweepBody(sub, "enforce"));
            assertTrue(host.drain(Duration.ofSeconds(90)), "the queue did not empty");
            arm.awaitNicWriteListeners();

            assertCompletedAllApplied(runId, NICS);
            Map<String, Integer> lanes = lanes(runId, sub);
            Map<Integer, List<Long>> byLane = new HashMap<>();
            for (String nic : nics) {
                var at = written.get(nic.toLowerCase());
                assertEquals(1, at == null ? 0 : at.size(), "written exactly once: " + nic);
                byLane.computeIfAbsent(lanes.get(nic.toLowerCase()), k -> new ArrayList<>()).add(at.peek());
            }
            assertEquals(LANES, byLane.size(), "lanes " + lanes);
            // The slow lane: the one whose first write came last of the lanes' first writes (four spacings late).
            List<Long> slow = byLane.values().stream().map(t -> t.stream().sorted().toList())
                    .max(java.util.Comparator.comparing(t -> t.get(0))).orElseThrow();
            assertEquals(NICS / LANES, slow.size(), "one lane's NICs: " + lanes);
            // Without catch-up its 2nd, 3rd and 4th writes each start a spacing after the one before (two spacings from
            // the 2nd to the 4th); caught up, they follow each other as soon as the previous write is done.
            long caughtUp = slow.get(3) - slow.get(1);
            assertTrue(caughtUp < SPACING.toNanos(), "the slow lane made up its slots: its 2nd to 4th write took "
                    + caughtUp / 1_000_000 + " ms, a spacing is " + SPACING.toMillis() + " ms; it wrote at "
                    + slow.stream().map(t -> (t - slow.get(0)) / 1_000_000 + " ms").toList());
            byLane.values().forEach(SweepCatchUpTest::assertWithinLaneBound);
        }
    }

    /** Each NIC's write lane, lower-cased id to lane, from the run's report rows. */
    static Map<String, Integer> lanes(String runId, String sub) {
        TableClient rows = new TableClientBuilder().connectionString(Azurite.shared().connectionString())
                .tableName("SweepReport" + SweepProfile.SUFFIX).buildClient();
        Map<String, Integer> lanes = new HashMap<>();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey gt '" + runId + "_" + sub
                + "_' and PartitionKey lt '" + runId + "_" + sub + "`'");
        for (TableEntity e : rows.listEntities(options, null, null)) {
            if (e.getProperty("lane") instanceof Number lane) {
                lanes.put(String.valueOf(e.getProperty("nicId")).toLowerCase(), lane.intValue());
            }
        }
        return lanes;
    }

    /**
     * In any window of length T a lane starts at most floor(T / spacing) + 1 + catch-up writes
     * (SweepPacer); the writes are timed at their PUT, some way into each write, so one more is
     * allowed for that.
     */
    static void assertWithinLaneBound(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i; j < sorted.size(); j++) {
                long spacings = (sorted.get(j) - sorted.get(i)) / SPACING.toNanos();
                assertTrue(j - i + 1 <= spacings + 1 + CATCH_UP + 1,
                        (j - i + 1) + " writes of one lane within " + spacings + " spacings: " + sorted);
            }
        }
    }
}
