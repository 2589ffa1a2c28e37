package io.accelconn.policy;

import static io.accelconn.policy.PolicyFixtures.CATALOG;
import static io.accelconn.policy.PolicyFixtures.SUB;
import static io.accelconn.policy.PolicyFixtures.good;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EligibilityPolicyTest {

    static final EligibilityPolicy DEFAULT = new EligibilityPolicy(PolicySettings.DEFAULT, CATALOG);
    static final EligibilityPolicy STRICT = new EligibilityPolicy(new PolicySettings(true, 4, Set.of(),
            "accelconn-opt-out", Map.of("fastpathenabled", "true"), TierPolicy.DEFAULT), CATALOG);

    /**
     * Real size names with what the default rules say of them: the size reasons (space separated,
     * "-" for none) and the tier when nothing else stands in the way. Strict mode adds
     * SIZE_GENERATION_TOO_NEW above v4.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "Standard_E8-2s_v4,          SIZE_TOO_SMALL,                                -",
            "Standard_DS3_v2,            -,                                             A1",
            "Standard_F8s_v2,            -,                                             A2",
            "Standard_D4s_v3,            -,                                             A1",
            "standard_d4s_v3,            -,                                             A1",
            "Standard_D16ads_v5,         SIZE_FAMILY_EXCLUDED,                          -",
            "Standard_M64ms,             -,                                             A8",
            "Standard_L8s_v3,            -,                                             A2",
            "Standard_NC24ads_A100_v4,   -,                                             A4",
            "Standard_D4s_v4,            -,                                             A1",
            "Standard_D8s_v4,            -,                                             A2",
            "Standard_D2s_v4,            SIZE_TOO_SMALL,                                -",
            "Standard_D4_v4,             -,                                             A1",
            "Standard_D8ds_v4,           -,                                             A2",
            "Standard_D16as_v4,          -,                                             A4",
            "Standard_D32s_v4,           -,                                             A8",
            "Standard_D64s_v3,           -,                                             A8",
            "Standard_D8s_v5,            SIZE_FAMILY_EXCLUDED,                          -",
            "Standard_D4d_v5,            SIZE_FAMILY_EXCLUDED,                          -",
            "Standard_D8ls_v5,           SIZE_FAMILY_EXCLUDED,                          -",
            "Standard_D16ps_v5,          SIZE_FAMILY_EXCLUDED,                          -",
            "Standard_E4s_v5,            -,                                             A1",
            "Standard_E8s_v5,            -,                                             A2",
            "Standard_E16s_v4,           -,                                             A4",
            "Standard_E32ds_v5,          -,                                             A8",
            "Standard_E64as_v5,          -,                                             A8",
            "Standard_E96-48as_v5,       -,                                             A8",
            "Standard_E16-4s_v5,         -,                                             A1",
            "Standard_E2s_v5,            SIZE_TOO_SMALL,                                -",
            "Standard_F4s_v2,            -,                                             A1",
            "Standard_F16s_v2,           -,                                             A4",
            "Standard_F72s_v2,           -,                                             A8",
            "Standard_F2s_v2,            SIZE_TOO_SMALL,                                -",
            "Standard_D8s_v6,            -,                                             A2",
            "Standard_D4as_v6,           -,                                             A1",
            "Standard_E8s_v6,            -,                                             A2",
            "Standard_DS14-4_v2,         -,                                             A1",
            "Standard_DS14_v2_Promo,     -,                                             A4",
            "Standard_DS1_v2,            SIZE_TOO_SMALL,                                -",
            "Standard_A4m_v2,            SIZE_NO_ACCELERATED_NETWORKING,                -",
            "Standard_B4ms,              SIZE_NO_ACCELERATED_NETWORKING,                -",
            "Standard_B2s,               SIZE_NO_ACCELERATED_NETWORKING SIZE_TOO_SMALL, -",
            "Standard_D2_v2,             SIZE_TOO_SMALL,                                -",
            "Standard_DC4as_v5,          SIZE_NO_ACCELERATED_NETWORKING,                -",
            "Standard_EC8as_v5,          SIZE_NO_ACCELERATED_NETWORKING,                -",
            "Standard_G3,                SIZE_NO_ACCELERATED_NETWORKING,                -",
            "Standard_GS4-4,             SIZE_NO_ACCELERATED_NETWORKING,                -",
            "Standard_M416s_12_v3,       -,                                             A8",
            "Standard_HB120rs_v3,        -,                                             A8",
            "Standard_NV36adms_A10_v5,   -,                                             A8",
            "Standard_L8s_v2,            -,                                             A2",
            "Standard_FX24-6ms_v2,       -,                                             A1",
            "Standard_NC80adis_H100_v5,  -,                                             A8",
            "Standard_D96ls_v6,          -,                                             A8",
            "Standard_D32nlds_v6,        -,                                             A8",
            "Standard_Fake99_v9,         SIZE_UNKNOWN,                                  -",
            "NotASize,                   SIZE_UNKNOWN,                                  -",
    })
    void realSizes(String size, String reasons, String tier) {
        Verdict v = DEFAULT.evaluate(good(size));
        assertEquals(codes(reasons), codesOf(v), size);
        assertEquals(tier == null ? null : Tier.valueOf(tier), v.tier(), size);
        assertEquals(reasons == null, v.eligible());

        Verdict strict = STRICT.evaluate(good(size));
        Set<ReasonCode> expectStrict = codes(reasons);
        VmSizeName parsed = VmSizeName.parse(size).orElse(null);
        if (CATALOG.find(size).isPresent() && parsed != null && parsed.version() > 4) {
            expectStrict.add(ReasonCode.SIZE_GENERATION_TOO_NEW);
        }
        assertEquals(expectStrict, codesOf(strict), "strict " + size);
    }

    /** Each reason code, caused by changing one field of an eligible candidate. */
    static Stream<Arguments> oneRuleBroken() {
        return Stream.of(
                Arguments.of(ReasonCode.REGION_UNSUPPORTED, (UnaryOperator<Candidate>) c -> with(c, "region", "brazilsouth")),
                Arguments.of(ReasonCode.SIZE_UNKNOWN, (UnaryOperator<Candidate>) c -> with(c, "vmSize", "Standard_Q8_v9")),
                Arguments.of(ReasonCode.SIZE_NO_ACCELERATED_NETWORKING, (UnaryOperator<Candidate>) c -> with(c, "vmSize", "Standard_B4ms")),
                Arguments.of(ReasonCode.SIZE_FAMILY_EXCLUDED, (UnaryOperator<Candidate>) c -> with(c, "vmSize", "Standard_D8ds_v5")),
                Arguments.of(ReasonCode.SIZE_TOO_SMALL, (UnaryOperator<Candidate>) c -> with(c, "vmSize", "Standard_D2s_v4")),
                Arguments.of(ReasonCode.ACCELERATED_NETWORKING_DISABLED, (UnaryOperator<Candidate>) c -> new Candidate(c.region(),
                        c.vmSize(), false, c.subscriptionId(), c.nicTags(), c.vmTags(), c.auxiliaryMode(), c.attachedToRunningVm())),
                Arguments.of(ReasonCode.OPTED_OUT, (UnaryOperator<Candidate>) c -> new Candidate(c.region(), c.vmSize(), true,
                        c.subscriptionId(), Map.of("Accelconn-Opt-Out", "TRUE"), Map.of(), null, false)),
                Arguments.of(ReasonCode.OPTED_OUT, (UnaryOperator<Candidate>) c -> new Candidate(c.region(), c.vmSize(), true,
                        c.subscriptionId(), Map.of(), Map.of("accelconn-opt-out", "true"), null, false)),
                Arguments.of(ReasonCode.AUXILIARY_MODE_CONFLICT, (UnaryOperator<Candidate>) c -> with(c, "auxiliaryMode", "MaxConnections")),
                Arguments.of(ReasonCode.AUXILIARY_MODE_CONFLICT, (UnaryOperator<Candidate>) c -> with(c, "auxiliaryMode", "Floating")),
                Arguments.of(ReasonCode.NIC_ATTACHED_TO_RUNNING_VM, (UnaryOperator<Candidate>) c -> new Candidate(c.region(),
                        c.vmSize(), true, c.subscriptionId(), Map.of(), Map.of(), null, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneRuleBroken")
    void eachReasonCode(ReasonCode expected, UnaryOperator<Candidate> change) {
        Verdict v = DEFAULT.evaluate(change.apply(good("Standard_D8s_v4")));
        assertEquals(EnumSet.of(expected), codesOf(v));
        assertFalse(v.eligible());
        assertNull(v.tier());
        assertNull(v.tags());
        assertFalse(v.reasons().get(0).message().isBlank());
    }

    @Test
    void subscriptionNotEnrolledOnlyWhenAListIsConfigured() {
        var enrolled = new EligibilityPolicy(new PolicySettings(false, 4, Set.of(SUB.toUpperCase()), "accelconn-opt-out",
                Map.of("fastpathenabled", "true"), TierPolicy.DEFAULT), CATALOG);
        assertTrue(enrolled.evaluate(good("Standard_D8s_v4")).eligible(), "GUIDs compare without case");
        Candidate other = new Candidate("eastus2", "Standard_D8s_v4", true, "00000000-0000-0000-0000-000000000001",
                Map.of(), Map.of(), null, false);
        assertEquals(EnumSet.of(ReasonCode.SUBSCRIPTION_NOT_ENROLLED), codesOf(enrolled.evaluate(other)));
        Candidate none = new Candidate("eastus2", "Standard_D8s_v4", true, null, Map.of(), Map.of(), null, false);
        assertEquals(EnumSet.of(ReasonCode.SUBSCRIPTION_NOT_ENROLLED), codesOf(enrolled.evaluate(none)));
        assertTrue(DEFAULT.evaluate(other).eligible(), "no list configured: every subscription is in scope");
    }

    @Test
    void everyFailingReasonAtOnce() {
        var enrolled = new EligibilityPolicy(new PolicySettings(true, 4, Set.of(SUB), "accelconn-opt-out",
                Map.of("fastpathenabled", "true"), TierPolicy.DEFAULT), CATALOG);
        Candidate worst = new Candidate("UK West", "Standard_D2s_v5", false, "00000000-0000-0000-0000-000000000001",
                Map.of("accelconn-opt-out", "true"), Map.of(), "MaxConnections", true);
        assertEquals(EnumSet.of(ReasonCode.REGION_UNSUPPORTED, ReasonCode.SIZE_FAMILY_EXCLUDED, ReasonCode.SIZE_TOO_SMALL,
                ReasonCode.SIZE_GENERATION_TOO_NEW, ReasonCode.ACCELERATED_NETWORKING_DISABLED,
                ReasonCode.SUBSCRIPTION_NOT_ENROLLED, ReasonCode.OPTED_OUT, ReasonCode.AUXILIARY_MODE_CONFLICT,
                ReasonCode.NIC_ATTACHED_TO_RUNNING_VM), codesOf(enrolled.evaluate(worst)));
    }

    @Test
    void optOutTagMustSayTrue() {
        Candidate c = new Candidate("eastus", "Standard_D8s_v4", true, SUB, Map.of("accelconn-opt-out", "false"),
                Map.of(), null, false);
        assertTrue(DEFAULT.evaluate(c).eligible());
    }

    @Test
    void ourOwnModeIsNoConflict() {
        assertTrue(DEFAULT.evaluate(with(good("Standard_D8s_v4"), "auxiliaryMode", "AcceleratedConnections")).eligible());
        assertTrue(DEFAULT.evaluate(with(good("Standard_D8s_v4"), "auxiliaryMode", "None")).eligible());
    }

    @Test
    void eligibleVerdictCarriesMergedTags() {
        Candidate c = new Candidate("East US 2", "Standard_D16s_v4", true, SUB, Map.of("owner", "netops"), Map.of(),
                null, false);
        Verdict v = DEFAULT.evaluate(c);
        assertEquals(Tier.A4, v.tier());
        assertEquals(Map.of("owner", "netops", "fastpathenabled", "true"), v.tags());
        assertEquals(List.of(), v.warnings());
    }

    private static Candidate with(Candidate c, String field, String value) {
        return switch (field) {
            case "region" -> new Candidate(value, c.vmSize(), c.acceleratedNetworking(), c.subscriptionId(), c.nicTags(),
                    c.vmTags(), c.auxiliaryMode(), c.attachedToRunningVm());
            case "vmSize" -> new Candidate(c.region(), value, c.acceleratedNetworking(), c.subscriptionId(), c.nicTags(),
                    c.vmTags(), c.auxiliaryMode(), c.attachedToRunningVm());
            case "auxiliaryMode" -> new Candidate(c.region(), c.vmSize(), c.acceleratedNetworking(), c.subscriptionId(),
                    c.nicTags(), c.vmTags(), value, c.attachedToRunningVm());
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static Set<ReasonCode> codes(String spaced) {
        Set<ReasonCode> set = EnumSet.noneOf(ReasonCode.class);
        if (spaced != null) {
            Arrays.stream(spaced.trim().split("\\s+")).map(ReasonCode::valueOf).forEach(set::add);
        }
        return set;
    }

    static Set<ReasonCode> codesOf(Verdict v) {
        Set<ReasonCode> set = EnumSet.noneOf(ReasonCode.class);
        v.reasons().forEach(r -> set.add(r.code()));
        return set;
    }
}
