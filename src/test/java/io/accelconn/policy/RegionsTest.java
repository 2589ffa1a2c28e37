package io.accelconn.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionsTest {

    /** ARM name and the display names users type for it. */
    static Stream<Arguments> supported() {
        return Stream.of(
                Arguments.of("northcentralus", List.of("North Central US")),
                Arguments.of("westcentralus", List.of("West Central US")),
                Arguments.of("eastus", List.of("East US", "(US) East US")),
                Arguments.of("westus", List.of("West US")),
                Arguments.of("eastus2", List.of("East US 2", "east-us-2", "(US) East US 2")),
                Arguments.of("centralus", List.of("Central US")),
                Arguments.of("uksouth", List.of("UK South", "South UK", "uk_south")),
                Arguments.of("westeurope", List.of("West Europe")),
                Arguments.of("centralindia", List.of("Central India")),
                Arguments.of("westus2", List.of("West US 2")),
                Arguments.of("westus3", List.of("West US 3")),
                Arguments.of("northeurope", List.of("North Europe")),
                Arguments.of("swedencentral", List.of("Sweden Central")),
                Arguments.of("southeastasia", List.of("Southeast Asia")),
                Arguments.of("southcentralus", List.of("South Central US")),
                Arguments.of("australiaeast", List.of("Australia East")));
    }

    @ParameterizedTest
    @MethodSource("supported")
    void everySupportedRegionInEverySpelling(String arm, List<String> displayNames) {
        var spellings = new java.util.ArrayList<>(displayNames);
        spellings.add(arm);
        spellings.add(arm.toUpperCase());
        spellings.add("  " + arm + " ");
        for (String d : displayNames) {
            spellings.add(d.toUpperCase());
            spellings.add(d.toLowerCase());
            spellings.add(d.replace(" ", "  "));
        }
        for (String s : spellings) {
            assertEquals(arm, Regions.armName(s).orElseThrow(), s);
            assertTrue(Regions.isSupported(s), s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "ukwest", "UK West", "Brazil South", "eastus22", "east us 3", "westindia", "chinaeast2",
            "usgovvirginia", "---", "eastasia" })
    void regionsWithoutTheFeature(String spelling) {
        assertFalse(Regions.isSupported(spelling), spelling);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "   ", "()" })
    void noRegionAtAll(String spelling) {
        assertTrue(Regions.armName(spelling).isEmpty());
        assertFalse(Regions.isSupported(spelling));
    }

    @ParameterizedTest
    @CsvSource({ "Brazil South,brazilsouth", "UK West,ukwest", "Germany West Central,germanywestcentral" })
    void unsupportedRegionsStillNormalise(String spelling, String arm) {
        assertEquals(arm, Regions.armName(spelling).orElseThrow());
    }

    @org.junit.jupiter.api.Test
    void sixteenRegions() {
        assertEquals(16, Regions.SUPPORTED.size());
        assertEquals(16, supported().count());
    }
}
