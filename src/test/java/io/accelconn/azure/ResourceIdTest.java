package io.accelconn.azure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceIdTest {

    static final String SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
    static final String NIC = "/subscriptions/" + SUB + "/resourceGroups/rg-fw/providers/Microsoft.Network/networkInterfaces/fw-nic-01";
    static final String VM = "/subscriptions/" + SUB + "/resourceGroups/rg-fw/providers/Microsoft.Compute/virtualMachines/fw-vm-01";

    static Stream<Arguments> valid() {
        return Stream.of(
                // id, type, name, isNic, isVm
                Arguments.of(NIC, "Microsoft.Network/networkInterfaces", "fw-nic-01", true, false),
                Arguments.of(VM, "Microsoft.Compute/virtualMachines", "fw-vm-01", false, true),
                Arguments.of(NIC.toLowerCase(), "microsoft.network/networkinterfaces", "fw-nic-01", true, false),
                Arguments.of("/SUBSCRIPTIONS/" + SUB.toUpperCase() + "/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKINTERFACES/N_1",
                        "MICROSOFT.NETWORK/NETWORKINTERFACES", "N_1", true, false),
                Arguments.of("/subscriptions/" + SUB + "/resourceGroups/rg.(prod)_é/providers/Microsoft.Network/networkInterfaces/a",
                        "Microsoft.Network/networkInterfaces", "a", true, false),
                Arguments.of(VM + "/extensions/CustomScript", "Microsoft.Compute/virtualMachines/extensions",
                        "CustomScript", false, false),
                Arguments.of(NIC + "/ipConfigurations/ipconfig1", "Microsoft.Network/networkInterfaces/ipConfigurations",
                        "ipconfig1", false, false),
                Arguments.of("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/"
                        + "n".repeat(80), "Microsoft.Network/networkInterfaces", "n".repeat(80), true, false));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesValidIds(String id, String type, String name, boolean nic, boolean vm) {
        ResourceId parsed = ResourceId.parse(id);
        assertEquals(type, parsed.type());
        assertEquals(name, parsed.name());
        assertEquals(nic, parsed.isNic());
        assertEquals(vm, parsed.isVm());
        assertTrue(id.equalsIgnoreCase(parsed.toString()), "canonical form differs only in keyword case");
        assertTrue(parsed.sameAs(ResourceId.parse(id)));
    }

    @Test
    void exposesParts() {
        ResourceId id = ResourceId.parseNic(NIC);
        assertEquals(SUB, id.subscriptionId());
        assertEquals("rg-fw", id.resourceGroup());
        assertEquals("Microsoft.Network", id.providerNamespace());
        assertEquals(List.of("networkInterfaces"), id.types());
        assertTrue(id.sameAs(ResourceId.parse(NIC.toUpperCase())), "ARM ids compare ignoring case");
    }

    static Stream<Arguments> hostile() {
        String base = "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/";
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("dot-dot subscription", "/subscriptions/../resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("dot-dot name", base + ".."),
                Arguments.of("dot-dot traversal", base + "n/../../../x"),
                Arguments.of("percent-encoded slash", base + "a%2Fb"),
                Arguments.of("percent-encoded dot-dot", "/subscriptions/%2e%2e/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("newline", base + "nic\nX-Injected: 1"),
                Arguments.of("carriage return", base + "nic\r"),
                Arguments.of("NUL", base + "nic\u0000"),
                Arguments.of("tab", base + "n\tic"),
                Arguments.of("space", base + "my nic"),
                Arguments.of("query", base + "nic?api-version=1"),
                Arguments.of("fragment", base + "nic#x"),
                Arguments.of("backslash", base + "a\\b"),
                Arguments.of("very long", base + "n".repeat(5000)),
                Arguments.of("NIC name too long", base + "n".repeat(81)),
                Arguments.of("NIC name ends with hyphen", base + "nic-"),
                Arguments.of("NIC name starts with period", base + ".nic"),
                Arguments.of("relative", "subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("trailing slash", base + "n/"),
                Arguments.of("double slash", "/subscriptions/" + SUB + "//resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("subscription not a GUID", "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("subscription GUID with braces", "/subscriptions/{" + SUB + "}/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("missing resource group", "/subscriptions/" + SUB + "/providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("missing name", "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces"),
                Arguments.of("subscription only", "/subscriptions/" + SUB),
                Arguments.of("wrong keyword", "/subscriptions/" + SUB + "/resourcegroup/rg/providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("bad namespace", "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Network/networkInterfaces/n"),
                Arguments.of("resource group too long", "/subscriptions/" + SUB + "/resourceGroups/" + "r".repeat(91)
                        + "/providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("resource group ends with period", "/subscriptions/" + SUB + "/resourceGroups/rg./providers/Microsoft.Network/networkInterfaces/n"),
                Arguments.of("extension resource", base + "n/providers/Microsoft.Insights/diagnosticSettings/d"),
                Arguments.of("unicode line separator", base + "n\u2028x"),
                Arguments.of("html", base + "<script>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusesHostileIds(String label, String id) {
        InvalidResourceIdException e = assertThrows(InvalidResourceIdException.class, () -> ResourceId.parse(id));
        assertEquals(InvalidResourceIdException.INVALID_RESOURCE_ID, e.reasonCode());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r") || e.getMessage().contains("\u0000"),
                "message must not carry control characters");
        assertTrue(e.getMessage().length() < 400, "message stays short");
    }

    @Test
    void wrongProviderIsNotANic() {
        InvalidResourceIdException e = assertThrows(InvalidResourceIdException.class, () -> ResourceId.parseNic(VM));
        assertEquals(InvalidResourceIdException.INVALID_RESOURCE_ID, e.reasonCode());
        assertTrue(e.detail().contains("not a NIC"));
        assertThrows(InvalidResourceIdException.class, () -> ResourceId.parseVm(NIC));
        assertThrows(InvalidResourceIdException.class,
                () -> ResourceId.parseNic("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Storage/networkInterfaces/n"));
        assertThrows(InvalidResourceIdException.class, () -> ResourceId.parseNic(NIC + "/ipConfigurations/ipconfig1"));
    }

    @Test
    void subscriptionIds() {
        assertEquals(SUB, ResourceId.requireSubscriptionId(SUB));
        InvalidResourceIdException e = assertThrows(InvalidResourceIdException.class,
                () -> ResourceId.requireSubscriptionId("../" + SUB));
        assertEquals(InvalidResourceIdException.INVALID_SUBSCRIPTION_ID, e.reasonCode());
        assertThrows(InvalidResourceIdException.class, () -> ResourceId.requireSubscriptionId(null));
        assertThrows(InvalidResourceIdException.class, () -> ResourceId.requireResourceGroup("rg/../x"));
    }
}
