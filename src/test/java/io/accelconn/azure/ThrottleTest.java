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
            long burstMs = (System.nanoTime() - start) / 1_000_000;
            for (int i = 0; i < 4; i++) {
                env.nics.get(nic);
            }
            long totalMs = (System.nanoTime() - start) / 1_000_000;

            assertTrue(burstMs < 900, "the burst goes through at once: " + burstMs + " ms");
            // 4 reads beyond the burst at 4 per second: about one second of waiting.
            assertTrue(totalMs >= 900, "waited for tokens: " + totalMs + " ms");
            assertEquals(7, env.emulator.count("nic.get"));
            assertEquals(0, env.emulator.count("fault"));

            // Another subscription has its own bucket.
            String other = nicId(OTHER_SUB, "rg", "n2");
            env.emulator.putNic(other, nicBody("eastus", Map.of()));
            long otherStart = System.nanoTime();
            env.nics.get(other);
            env.nics.get(other);
            assertTrue((System.nanoTime() - otherStart) / 1_000_000 < 400, "separate bucket per subscription");
        }
    }

    @Test
    void subscriptionIsTakenFromThePath() {
        assertEquals(EmulatedArm.SUB.toLowerCase(),
                ArmThrottlePolicy.subscriptionOf("/subscriptions/" + EmulatedArm.SUB.toUpperCase() + "/providers/x"));
        assertEquals(ArmThrottlePolicy.NO_SUBSCRIPTION, ArmThrottlePolicy.subscriptionOf("/providers/Microsoft.ResourceGraph/resources"));
        assertEquals(ArmThrottlePolicy.NO_SUBSCRIPTION, ArmThrottlePolicy.subscriptionOf(null));
    }
}
