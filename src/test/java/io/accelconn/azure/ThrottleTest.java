package io.accelconn.azure;

import io.accelconn.emulator.EmulatorOptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.accelconn.azure.EmulatedArm.nicBody;
import static io.accelconn.azure.EmulatedArm.nicId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client-side bucket holds the caller back once the burst is spent, before ARM has to. */
class ThrottleTest {

    static final String OTHER_SUB = "11111111-2222-4333-8444-555555555555";

    @Test
    void readsBeyondTheBurstWaitForTokens() {
        try (EmulatedArm env = EmulatedArm.start(EmulatorOptions.defaults(),
                "throttle.read-burst", "3", "throttle.reads-per-second", "4")) {
            String nic = nicId("n1");
            env.emulator.putNic(nic, nicBody("eastus", Map.of()));

            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                env.nics.get(nic);
            }
            assertEquals(0, readWaits(env), "the burst goes through without waiting for a token");
            for (int i = 0; i < 4; i++) {
                env.nics.get(nic);
            }
            long totalMs = (System.nanoTime() - start) / 1_000_000;

            // 4 reads beyond the burst at 4 per second: about one second of waiting.
            assertTrue(totalMs >= 900, "waited for tokens: " + totalMs + " ms");
            assertEquals(7, env.emulator.count("nic.get"));
            assertEquals(0, env.emulator.count("fault"));

            // Another subscription has its own bucket.
            String other = nicId(OTHER_SUB, "rg", "n2");
            env.emulator.putNic(other, nicBody("eastus", Map.of()));
            long waitsBefore = readWaits(env);
            env.nics.get(other);
            env.nics.get(other);
            assertEquals(waitsBefore, readWaits(env), "separate bucket per subscription: no wait for its burst");
        }
    }

    @Test
    void subscriptionIsTakenFromThePath() {
        assertEquals(EmulatedArm.SUB.toLowerCase(),
                ArmThrottlePolicy.subscriptionOf("/subscriptions/" + EmulatedArm.SUB.toUpperCase() + "/providers/x"));
        assertEquals(ArmThrottlePolicy.NO_SUBSCRIPTION, ArmThrottlePolicy.subscriptionOf("/providers/Microsoft.ResourceGraph/resources"));
        assertEquals(ArmThrottlePolicy.NO_SUBSCRIPTION, ArmThrottlePolicy.subscriptionOf(null));
    }

    /** Reads that waited for a token: the bucket's own record, not the clock (a loaded machine is slow, never early). */
    private static long readWaits(EmulatedArm env) {
        var waits = env.meters.find(ArmMetrics.THROTTLE_WAITS).tag("kind", "read").timer();
        return waits == null ? 0 : waits.count();
    }
}
