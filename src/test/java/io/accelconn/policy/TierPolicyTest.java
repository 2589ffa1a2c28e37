package io.accelconn.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierPolicyTest {

    @ParameterizedTest
    @CsvSource({ "4,A1", "7,A1", "8,A2", "15,A2", "16,A4", "31,A4", "32,A8", "416,A8" })
    void defaultThresholds(int vCpus, Tier tier) {
        assertEquals(new TierPolicy.Choice(tier, List.of()), TierPolicy.DEFAULT.choose(vCpus, Map.of()));
    }

    @ParameterizedTest
    @CsvSource({ "a8,4,A8,-", "A2,64,A2,-", " A4 ,8,A4,-", "A3,8,A2,TIER_OVERRIDE_INVALID", "None,16,A4,TIER_OVERRIDE_INVALID",
            "'',32,A8,TIER_OVERRIDE_INVALID" })
    void overrideTag(String value, int vCpus, Tier tier, String warning) {
        var choice = TierPolicy.DEFAULT.choose(vCpus, Map.of("AccelConn-Tier", value));
        assertEquals(tier, choice.tier());
        assertEquals("-".equals(warning) ? List.of() : List.of(warning),
                choice.warnings().stream().map(Warning::code).toList());
    }

    @Test
    void capBoundsThresholdsAndOverrides() {
        var capped = new TierPolicy(4, 8, 16, 32, Tier.A2, "accelconn-tier");
        assertEquals(Tier.A2, capped.choose(64, Map.of()).tier());
        assertEquals(List.of("TIER_CAPPED"), capped.choose(64, Map.of()).warnings().stream().map(Warning::code).toList());
        var both = capped.choose(64, Map.of("accelconn-tier", "A9"));
        assertEquals(Tier.A2, both.tier());
        assertEquals(List.of("TIER_OVERRIDE_INVALID", "TIER_CAPPED"), both.warnings().stream().map(Warning::code).toList());
        assertEquals(Tier.A1, capped.choose(4, Map.of()).tier());
    }

    @Test
    void custom() {
        var p = new TierPolicy(2, 4, 8, 64, Tier.A8, "tier");
        assertEquals(Tier.A4, p.choose(32, Map.of()).tier());
        assertEquals(Tier.A8, p.choose(64, Map.of()).tier());
    }

    @Test
    void thresholdsMustRise() {
        assertThrows(IllegalArgumentException.class, () -> new TierPolicy(8, 4, 16, 32, Tier.A8, "t"));
    }
}
