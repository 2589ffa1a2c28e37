package io.accelconn.plan;

import static io.accelconn.plan.PlanFixtures.codes;
import static io.accelconn.plan.PlanFixtures.nic;
import static io.accelconn.plan.PlanFixtures.plan;
import static io.accelconn.plan.PlanFixtures.planned;
import static io.accelconn.plan.PlanFixtures.text;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/** {@code POST /plan} with {@code terraform show -json} output, through real HTTP. */
@QuarkusTest
class PlanTerraformTest {

    @Test
    void hubAndSpokeNvasInModulesGetTheAttributesToAdd() {
        JsonNode report = planned(text("hub-and-spoke.tfplan.json"), null);
        assertEquals("terraform", report.path("kind").asText());
        assertFalse(report.has("template"));
        assertEquals(6, report.path("nics").size(), "created NICs only: the updated mgmt NIC is not reported");
        JsonNode ext = nic(report, "module.hub.azurerm_network_interface.fgtaifcext", null);
        assertEquals("NEEDS_CHANGES", ext.path("verdict").asText(), ext::toString);
        assertEquals("A2", ext.path("tier").asText(), "Standard_F8s_v2: 8 vCPUs");
        assertEquals(List.of("module.hub.azurerm_linux_virtual_machine.fgtavm"), List.of(ext.path("vms").path(0).asText()));
        assertEquals(1, ext.path("vms").size());
        assertEquals("""
                auxiliary_mode = "AcceleratedConnections"
                auxiliary_sku = "A2"
                tags = {
                  environment = "hub"
                  fastpathenabled = "true"
                }
                """, ext.path("hcl").asText());
        assertEquals("[{\"field\":\"auxiliary_mode\",\"from\":null,\"to\":\"AcceleratedConnections\"},"
                + "{\"field\":\"auxiliary_sku\",\"from\":null,\"to\":\"A2\"},"
                + "{\"field\":\"tags.fastpathenabled\",\"from\":null,\"to\":\"true\"}]", ext.path("changes").toString());
        assertEquals("module.hub.azurerm_linux_virtual_machine.fgtbvm",
                nic(report, "module.hub.azurerm_network_interface.fgtbifcint", null).path("vms").path(0).asText());
        for (String spoke : List.of("app", "data")) {
            JsonNode n = nic(report, "module.spoke[\"" + spoke + "\"].azurerm_network_interface.vm", null);
            assertEquals("INELIGIBLE", n.path("verdict").asText(), n::toString);
            assertEquals(List.of("SIZE_FAMILY_EXCLUDED", "SIZE_TOO_SMALL"), codes(n.path("reasons")));
            assertEquals("module.spoke[\"" + spoke + "\"].azurerm_linux_virtual_machine.vm", n.path("vms").path(0).asText(),
                    "the VM of its own module instance");
            assertFalse(n.has("hcl"));
        }
        plan(text("hub-and-spoke.tfplan.json"), "mode=check").statusCode(422)
                .body("summary.needsChanges", equalTo(4)).body("summary.ineligible", equalTo(2));
    }

    @Test
    void countAndForEachInstancesMatchTheirOwnVmWithAzurerm3Names() {
        JsonNode report = planned(text("count-and-for-each.tfplan.json"), null);
        for (int i = 0; i < 2; i++) {
            JsonNode n = nic(report, "azurerm_network_interface.nva[" + i + "]", null);
            assertEquals("azurerm_linux_virtual_machine.nva[" + i + "]", n.path("vms").path(0).asText());
            assertEquals(1, n.path("vms").size());
            assertEquals("A4", n.path("tier").asText());
            assertFalse(n.path("hcl").asText().contains("accelerated_networking"), "already on");
        }
        JsonNode east = nic(report, "azurerm_network_interface.sdwan[\"east\"]", null);
        assertEquals("azurerm_windows_virtual_machine.sdwan[\"east\"]", east.path("vms").path(0).asText());
        assertTrue(east.path("hcl").asText().startsWith("enable_accelerated_networking = true\n"),
                "the azurerm 3.x name, as the plan uses it: " + east.path("hcl").asText());
        assertEquals("{\"field\":\"enable_accelerated_networking\",\"from\":false,\"to\":true}",
                east.path("changes").path(0).toString());
        assertEquals(List.of("REGION_UNSUPPORTED"), codes(nic(report, "azurerm_network_interface.sdwan[\"west\"]", null)
                .path("reasons")));
        assertEquals("EXEMPT", nic(report, "azurerm_network_interface.sdwan[\"lab\"]", null).path("verdict").asText());
        JsonNode lb = nic(report, "azurerm_network_interface.sdwan[\"lb\"]", null);
        assertEquals("CONFLICT", lb.path("verdict").asText());
        assertEquals(List.of("AUXILIARY_MODE_CONFLICT"), codes(lb.path("reasons")));
        JsonNode legacy1 = nic(report, "azurerm_network_interface.legacy[1]", null);
        assertEquals("A8", legacy1.path("tier").asText(), "azurerm_virtual_machine's vm_size, Standard_E32s_v3");
        assertEquals("azurerm_virtual_machine.legacy", legacy1.path("vms").path(0).asText());
        JsonNode legacy0 = nic(report, "azurerm_network_interface.legacy[0]", null);
        assertEquals("UNDETERMINED", legacy0.path("verdict").asText(), "the VM lists only legacy[1]");
        assertEquals(List.of("NO_VM_SIZE"), codes(legacy0.path("reasons")));
    }

    @Test
    void valuesKnownOnlyAfterApplyAreUndetermined() {
        JsonNode report = planned(text("unknown-at-plan-time.tfplan.json"), null);
        JsonNode fw = nic(report, "azurerm_network_interface.fw", null);
        assertEquals("UNDETERMINED", fw.path("verdict").asText());
        assertEquals(List.of("REGION_UNRESOLVED"), codes(fw.path("reasons")));
        assertEquals("azurerm_linux_virtual_machine.fw", fw.path("vms").path(0).asText(), "matched though its id is unknown");
        JsonNode router = nic(report, "azurerm_network_interface.router", null);
        assertEquals(List.of("VM_SIZE_UNRESOLVED"), codes(router.path("reasons")));
        JsonNode proxy = nic(report, "azurerm_network_interface.proxy", null);
        assertEquals("azurerm_linux_virtual_machine.proxy", proxy.path("vms").path(0).asText(), "matched by a known id");
        assertEquals("A8", proxy.path("tier").asText());
        assertEquals("UNDETERMINED", nic(report, "azurerm_network_interface.orphan", null).path("verdict").asText());
        assertEquals(3, report.path("summary").path("undetermined").asInt());
        plan(text("unknown-at-plan-time.tfplan.json"), "mode=check").statusCode(422).body("template", nullValue());
    }

    @Test
    void anOlderOrNewerPlanFormatIsRefused() {
        String plan = text("hub-and-spoke.tfplan.json");
        plan(plan.replace("\"format_version\": \"1.2\"", "\"format_version\": \"0.2\""), null).statusCode(400)
                .body("code", equalTo("UNSUPPORTED_PLAN_FORMAT"));
        plan(plan.replace("\"format_version\": \"1.2\"", "\"format_version\": \"2.0\""), null).statusCode(400)
                .body("code", equalTo("UNSUPPORTED_PLAN_FORMAT"));
        plan("{\"format_version\": \"1.2\", \"resource_changes\": {}}", null).statusCode(400)
                .body("code", equalTo("INVALID_PLAN"));
        plan("{\"format_version\": \"1.2\", \"resource_changes\": [{\"type\": 5}]}", null).statusCode(400)
                .body("code", equalTo("INVALID_PLAN")).body("message", equalTo(
                        "resource_changes[0] must be an object with type and change"));
    }
}
