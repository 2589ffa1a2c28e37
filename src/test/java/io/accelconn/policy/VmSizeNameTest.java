package io.accelconn.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VmSizeNameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // name, tier, family, number, constrained, features, variant, version, promo
            "Standard_E8-2s_v4,        Standard, E,   8,   2,  s,    -,       4, false",
            "Standard_DS3_v2,          Standard, DS,  3,   0,  -,    -,       2, false",
            "Standard_F8s_v2,          Standard, F,   8,   0,  s,    -,       2, false",
            "Standard_D4s_v3,          Standard, D,   4,   0,  s,    -,       3, false",
            "Standard_D16ads_v5,       Standard, D,   16,  0,  ads,  -,       5, false",
            "Standard_M64ms,           Standard, M,   64,  0,  ms,   -,       1, false",
            "Standard_L8s_v3,          Standard, L,   8,   0,  s,    -,       3, false",
            "Standard_NC24ads_A100_v4, Standard, NC,  24,  0,  ads,  A100,    4, false",
            "Standard_DS14_v2_Promo,   Standard, DS,  14,  0,  -,    -,       2, true",
            "Standard_DS14-4_v2,       Standard, DS,  14,  4,  -,    -,       2, false",
            "Standard_M416s_12_v3,     Standard, M,   416, 0,  s,    12,      3, false",
            "Standard_FX24-6ms_v2,     Standard, FX,  24,  6,  ms,   -,       2, false",
            "Standard_E96-48as_v5,     Standard, E,   96,  48, as,   -,       5, false",
            "Standard_G3,              Standard, G,   3,   0,  -,    -,       1, false",
            "Basic_A1,                 Basic,    A,   1,   0,  -,    -,       1, false",
            "Standard_EC48as_cc_v5,    Standard, EC,  48,  0,  as,   cc,      5, false",
            "Standard_NC144ds_xl_RTXPRO6000BSE_v6, Standard, NC, 144, 0, ds, xl_RTXPRO6000BSE, 6, false",
            "standard_d4s_v3,          standard, D,   4,   0,  s,    -,       3, false",
    })
    void takesNamesApart(String name, String tier, String family, int number, int constrained, String features,
            String variant, int version, boolean promo) {
        VmSizeName n = VmSizeName.parse(name).orElseThrow();
        assertEquals(new VmSizeName(tier, family, number, constrained, features == null ? "" : features,
                variant == null ? "" : variant, version, promo), n);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "D4s_v3", "Standard_", "Standard_4s", "Premium_D4s_v3", "Standard_D4s_v3; rm -rf",
            "Standard_D4s v3", "Standard_D4s_v3/../x" })
    void refusesWhatIsNotASizeName(String name) {
        assertTrue(VmSizeName.parse(name).isEmpty(), name);
    }

    @ParameterizedTest
    @CsvSource({ "Standard_D8s_v5,true", "Standard_D4d_v5,true", "Standard_D16ps_v5,true", "Standard_DC4as_v5,false",
            "Standard_E8s_v5,false", "Standard_D8s_v4,false", "Standard_D8s_v6,false", "Standard_DS3_v2,false" })
    void dv5Family(String name, boolean dv5) {
        assertEquals(dv5, VmSizeName.parse(name).orElseThrow().isDv5Family());
    }

    @Test
    void everyCatalogSizeParses() {
        // The bundled catalog holds 1,467 real names; the rules must take every one apart.
        var unparsed = PolicyFixtures.CATALOG.entries().stream()
                .filter(e -> e.name() == null).map(e -> e.spec().name()).toList();
        assertEquals(1467, PolicyFixtures.CATALOG.size());
        assertEquals(java.util.List.of(), unparsed);
    }
}
