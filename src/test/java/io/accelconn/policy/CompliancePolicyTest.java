package io.accelconn.policy;

import static io.accelconn.policy.PolicyFixtures.CATALOG;
import static io.accelconn.policy.PolicyFixtures.SUB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven: a NIC as ARM reports it, its VM's size and power state, and where it stands. */
class CompliancePolicyTest {

    static final CompliancePolicy DEFAULT = new CompliancePolicy(new EligibilityPolicy(PolicySettings.DEFAULT, CATALOG));
    static final CompliancePolicy CAPPED_A2 = new CompliancePolicy(new EligibilityPolicy(new PolicySettings(false, 4,
            Set.of(), "accelconn-opt-out", Map.of("fastpathenabled", "true"),
            new TierPolicy(4, 8, 16, 32, Tier.A2, "accelconn-tier")), CATALOG));

    /**
     * mode/sku "-" = unset; tags as k=v;k=v ("-" none); region; size ("-" unknown); power; then the
     * class, the remedy, the reasons (space separated, "-" none) and the tier ("-" none).
     */
    @ParameterizedTest(name = "{0} {1} {2} {4} {5} -> {6}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            // enabled with the right tier and tags
            "AcceleratedConnections|A2|fastpathenabled=true|eastus2|Standard_D8s_v4|RUNNING|COMPLIANT|NONE|-|A2",
            "acceleratedconnections|a2|FastPathEnabled=TRUE|eastus2|Standard_D8s_v4|DEALLOCATED|COMPLIANT|NONE|-|A2",
            // a resize: A1 on what is now a 32-vCPU size
            "AcceleratedConnections|A1|fastpathenabled=true|eastus2|Standard_D32s_v4|DEALLOCATED|DRIFT_TIER|WRITE|-|A8",
            "AcceleratedConnections|A1|fastpathenabled=true|eastus2|Standard_D32s_v4|RUNNING|DRIFT_TIER|WRITE_WHEN_DEALLOCATED|TIER_CHANGE_NEEDS_DEALLOCATION|A8",
            "AcceleratedConnections|A1|fastpathenabled=true|eastus2|Standard_D32s_v4|STOPPED|DRIFT_TIER|WAIT|VM_STOPPED_NOT_DEALLOCATED|A8",
            // an override tag wins over the size
            "AcceleratedConnections|A2|fastpathenabled=true;accelconn-tier=A4|eastus2|Standard_D8s_v4|NO_VM|DRIFT_TIER|WRITE|-|A4",
            // tags only: writable whatever the VM does
            "AcceleratedConnections|A2|owner=netops|eastus2|Standard_D8s_v4|RUNNING|DRIFT_TAGS|WRITE|-|A2",
            "AcceleratedConnections|A2|fastpathenabled=false|eastus2|Standard_D8s_v4|TRANSITIONING|DRIFT_TAGS|WRITE|-|A2",
            // not enabled yet
            "-|-|-|eastus2|Standard_D8s_v4|DEALLOCATED|NOT_ENABLED_REMEDIABLE|WRITE|-|A2",
            "None|None|-|eastus2|Standard_D16s_v4|NO_VM|NOT_ENABLED_REMEDIABLE|WRITE|-|A4",
            "None|None|-|eastus2|Standard_D8s_v4|RUNNING|NEEDS_REDEPLOY|WRITE_WHEN_DEALLOCATED|NIC_ATTACHED_TO_RUNNING_VM|A2",
            "None|None|-|eastus2|Standard_D8s_v4|STOPPED|NEEDS_REDEPLOY|WAIT|VM_STOPPED_NOT_DEALLOCATED|A2",
            "None|None|-|eastus2|Standard_D8s_v4|TRANSITIONING|NEEDS_REDEPLOY|WAIT|VM_POWER_STATE_UNSETTLED|A2",
            "None|None|-|eastus2|Standard_D8s_v4|UNKNOWN|NEEDS_REDEPLOY|WAIT|VM_POWER_STATE_UNSETTLED|A2",
            // the rules say no; enabled NICs are never rolled back
            "None|None|-|centraluseuap|Standard_D8s_v4|DEALLOCATED|INELIGIBLE|NONE|REGION_UNSUPPORTED|-",
            "AcceleratedConnections|A1|fastpathenabled=true|eastus2|Standard_D2s_v4|DEALLOCATED|INELIGIBLE|NONE|SIZE_TOO_SMALL|-",
            "None|None|accelconn-opt-out=true|centraluseuap|Standard_D8s_v4|DEALLOCATED|EXEMPT|NONE|REGION_UNSUPPORTED OPTED_OUT|-",
            "MaxConnections|A2|-|eastus2|Standard_D8s_v4|DEALLOCATED|CONFLICT|NONE|AUXILIARY_MODE_CONFLICT|-",
            "Floating|None|-|eastus2|Standard_D8s_v5|RUNNING|CONFLICT|NONE|SIZE_FAMILY_EXCLUDED AUXILIARY_MODE_CONFLICT|-",
            // no size: the rules that need none still speak
            "None|None|-|eastus2|-|NO_VM|UNDETERMINED|WAIT|NO_VM_SIZE|-",
            "MaxConnections|None|-|centraluseuap|-|NO_VM|CONFLICT|NONE|REGION_UNSUPPORTED AUXILIARY_MODE_CONFLICT|-",
            "None|None|-|Central US EUAP|-|NO_VM|INELIGIBLE|NONE|REGION_UNSUPPORTED|-",
    })
    void classifies(String mode, String sku, String tags, String region, String size, PowerState power,
            ComplianceClass expectedClass, Remedy expectedRemedy, String reasons, String tier) {
        NicSettings current = new NicSettings(mode, sku, tags(tags));
        Candidate c = new Candidate(region, size, true, SUB, current.tags(), Map.of(), mode, false);
        Assessment a = DEFAULT.assess(c, current, power);
        assertEquals(expectedClass, a.compliance());
        assertEquals(expectedRemedy, a.remedy());
        assertEquals(reasons == null ? List.of() : Arrays.stream(reasons.split(" ")).map(ReasonCode::valueOf).toList(),
                a.reasons().stream().map(Reason::code).toList());
        assertEquals(tier == null ? null : Tier.valueOf(tier), a.tier());
        if (expectedRemedy == Remedy.WRITE || expectedRemedy == Remedy.WRITE_WHEN_DEALLOCATED) {
            assertTrue(!a.drift().isEmpty() && a.desired() != null, "a write has something to write");
        }
    }

    @Test
    void theCapBoundsWhatCompliantMeans() {
        // A NIC whose override asks for more than the cap: A2 is what it should have, so A2 is compliant.
        NicSettings current = new NicSettings("AcceleratedConnections", "A2", Map.of("fastpathenabled", "true",
                "accelconn-tier", "A8"));
        Candidate c = new Candidate("eastus2", "Standard_D8s_v4", true, SUB, current.tags(), Map.of(), null, false);
        Assessment a = CAPPED_A2.assess(c, current, PowerState.RUNNING);
        assertEquals(ComplianceClass.COMPLIANT, a.compliance());
        assertEquals(List.of("TIER_CAPPED"), a.warnings().stream().map(Warning::code).toList());
        // ... and an A8 left from before the cap was lowered is tier drift.
        NicSettings above = new NicSettings("AcceleratedConnections", "A8", Map.of("fastpathenabled", "true"));
        Candidate big = new Candidate("eastus2", "Standard_D32s_v4", true, SUB, above.tags(), Map.of(), null, false);
        assertEquals(ComplianceClass.DRIFT_TIER, CAPPED_A2.assess(big, above, PowerState.DEALLOCATED).compliance());
    }

    @Test
    void optOutOnTheVmMakesTheNicExempt() {
        NicSettings current = new NicSettings(null, null, Map.of());
        Candidate c = new Candidate("eastus2", "Standard_D8s_v4", true, SUB, Map.of(), Map.of("accelconn-opt-out", "TRUE"),
                null, false);
        Assessment a = DEFAULT.assess(c, current, PowerState.DEALLOCATED);
        assertEquals(ComplianceClass.EXEMPT, a.compliance());
        assertNull(a.desired());
        assertTrue(a.drift().isEmpty());
    }

    @Test
    void powerStatesAsArmSpellsThem() {
        assertEquals(PowerState.DEALLOCATED, PowerState.of("PowerState/deallocated"));
        assertEquals(PowerState.RUNNING, PowerState.of("running"));
        assertEquals(PowerState.STOPPED, PowerState.of("PowerState/Stopped"));
        assertEquals(PowerState.TRANSITIONING, PowerState.of("deallocating"));
        assertEquals(PowerState.UNKNOWN, PowerState.of(null));
        assertEquals(PowerState.UNKNOWN, PowerState.of("PowerState/unknown"));
    }

    private static Map<String, String> tags(String spec) {
        Map<String, String> tags = new HashMap<>();
        if (spec != null) {
            for (String kv : spec.split(";")) {
                String[] p = kv.split("=", 2);
                tags.put(p[0], p[1]);
            }
        }
        return tags;
    }
}
