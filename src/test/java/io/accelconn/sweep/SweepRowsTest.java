package io.accelconn.sweep;

import static io.accelconn.sweep.SweepTest.report;
import static io.accelconn.sweep.SweepTest.rows;
import static io.accelconn.sweep.SweepTest.start;
import static io.accelconn.sweep.SweepTest.sweepBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.enforcement.Decision;
import io.accelconn.enforcement.EnforceConfig;
import io.accelconn.enforcement.NicEnforcer;
import io.accelconn.enforcement.Source;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.QueueTriggerDriver;
import io.accelconn.testsupport.TestApiKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * A lane saves its NICs' report rows a few at a time ({@link LaneWriter#ROWS_SAVED_EVERY}), so a
 * lane cut off between a NIC's recorded decision and the save of its row leaves that row
 * {@code PENDING}. Its redelivery must save the recorded decision and write nothing again. (In
 * the application, not through {@link SweepIT}: the cut-off is played by calling the write path.)
 */
@QuarkusTest
@TestProfile(SweepProfile.class)
class SweepRowsTest {

    @Inject
    NicEnforcer enforcer;

    @Test
    void aLaneFindingDecisionsItsRowsDoNotShowSavesThemWithoutWritingAgain() {
        ArmEmulator arm = ArmEmulatorResource.emulator();
        arm.clearFaults();
        Map<String, ConcurrentLinkedQueue<Long>> written = NicWriteTimes.of(arm);
        String sub = SweepFixtures.newSubscription();
        List<String> nics = SweepFixtures.remediable(arm, sub, 8); // one page
        AtomicReference<String> runId = new AtomicReference<>();
        AtomicBoolean decided = new AtomicBoolean();
        try (QueueTriggerDriver host = QueueTriggerDriver.sweepWorker(Azurite.shared().connectionString(), SweepProfile.QUEUE,
                "http://127.0.0.1:" + RestAssured.port).withFunctionKey(TestApiKey.KEY)
                .holdBack(text -> text.contains(sub) && !text.contains("\"lane\":null"))) {
            host.onDelivery(d -> {
                // The page's delivery has dealt its NICs out to lanes, held back until it ends: a
                // delivery of theirs that recorded three decisions and was cut off before saving rows.
                if (d.status() == 200 && decided.compareAndSet(false, true)) {
                    for (String nic : nics.subList(0, 3)) {
                        // Decided and written here, not a duplicate of the lane's: the lane has not run.
                        assertEquals(Decision.APPLIED, enforcer.enforce(Source.sweep(runId.get()), nic, null,
                                EnforceConfig.Mode.ENFORCE).decision().decision());
                    }
                }
            });
            runId.set(start(sweepBody(sub, "enforce")));
            assertTrue(host.drain(SweepTest.DRAIN), "the queue did not empty");
            arm.awaitNicWriteListeners();
        }

        assertTrue(decided.get());
        JsonPath r = report(runId.get());
        assertEquals("COMPLETED", r.getString("status"), r.prettify());
        assertEquals(8, r.getInt("remediated"), r.prettify());
        for (String nic : nics) {
            var at = written.get(nic.toLowerCase());
            assertEquals(1, at == null ? 0 : at.size(), "written exactly once: " + nic);
        }
        List<Map<String, Object>> rows = rows(runId.get(), "NOT_ENABLED_REMEDIABLE");
        assertEquals(8, rows.size());
        assertTrue(rows.stream().allMatch(m -> "APPLIED".equals(m.get("action"))), rows.toString());
    }
}
