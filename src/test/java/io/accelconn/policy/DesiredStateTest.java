package io.accelconn.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DesiredStateTest {

    static final Map<String, String> REQUIRED = Map.of("fastpathenabled", "true");

    @Test
    void freshNicNeedsModeTierAndTag() {
        NicSettings current = new NicSettings(null, null, Map.of("owner", "netops"));
        NicSettings desired = current.desired(Tier.A4, REQUIRED);
        assertEquals(new NicSettings("AcceleratedConnections", "A4", Map.of("owner", "netops", "fastpathenabled", "true")),
                desired);
        assertEquals(List.of(
                new Drift.Change("auxiliaryMode", null, "AcceleratedConnections"),
                new Drift.Change("auxiliarySku", null, "A4"),
                new Drift.Change("tags.fastpathenabled", null, "true")), Drift.between(current, desired).changes());
    }

    @Test
    void compliantNicHasNoDrift() {
        // "TRUE" is how the recorded ARM traffic spells it: no write only to change the case.
        NicSettings current = new NicSettings("AcceleratedConnections", "A2", Map.of("FastPathEnabled", "TRUE", "x", "y"));
        NicSettings desired = current.desired(Tier.A2, REQUIRED);
        assertEquals(current.tags(), desired.tags());
        assertTrue(Drift.between(current, desired).isEmpty());
    }

    @Test
    void userTagsAreNeverDropped() {
        Map<String, String> user = new LinkedHashMap<>();
        for (int i = 0; i < 49; i++) {
            user.put("k" + i, "v" + i);
        }
        user.put("fastpathenabled", "false");
        NicSettings desired = new NicSettings("None", "None", user).desired(Tier.A1, REQUIRED);
        assertEquals(50, desired.tags().size());
        assertEquals("true", desired.tags().get("fastpathenabled"));
        user.forEach((k, v) -> {
            if (!k.equals("fastpathenabled")) {
                assertEquals(v, desired.tags().get(k));
            }
        });
    }

    @Test
    void tierChangeIsDrift() {
        NicSettings current = new NicSettings("AcceleratedConnections", "A1", Map.of("fastpathenabled", "true"));
        assertEquals(List.of(new Drift.Change("auxiliarySku", "A1", "A8")),
                Drift.between(current, current.desired(Tier.A8, REQUIRED)).changes());
    }

    @Test
    void modeCaseIsNotDrift() {
        NicSettings current = new NicSettings("acceleratedconnections", "a2", Map.of("fastpathenabled", "true"));
        assertTrue(Drift.between(current, current.desired(Tier.A2, REQUIRED)).isEmpty());
    }
}
