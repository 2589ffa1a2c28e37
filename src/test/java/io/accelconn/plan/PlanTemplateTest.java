package io.accelconn.plan;

import static io.accelconn.plan.PlanFixtures.codes;
import static io.accelconn.plan.PlanFixtures.deployment;
import static io.accelconn.plan.PlanFixtures.json;
import static io.accelconn.plan.PlanFixtures.nic;
import static io.accelconn.plan.PlanFixtures.plan;
import static io.accelconn.plan.PlanFixtures.planned;
import static io.accelconn.plan.PlanFixtures.text;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code POST /plan} with ARM templates, through real HTTP: real public templates (FortiGate
 * from Fortinet's solutions repository, Bicep's own compiled samples) and small hand-written
 * ones for the cases no public template shows.
 */
@QuarkusTest
class PlanTemplateTest {

    static final String FGT_SINGLE = text("fortigate-single-vm.azuredeploy.json");
    static final String FGT_SINGLE_PARAMS = """
            {"fortiGateNamePrefix": {"value": "acme"}, "adminUsername": {"value": "azureuser"},
             "adminPassword": {"value": "not-used-by-plan"}, "instanceType": {"value": "Standard_F8s_v2"}}""";

    @Test
    void fortiGateSingleVmTwoNicsGetTheTierOfTheirVm() {
        JsonNode report = planned(deployment(FGT_SINGLE, FGT_SINGLE_PARAMS), "location=westeurope");
        assertEquals("template", report.path("kind").asText());
        assertEquals(2, report.path("nics").size());
        for (String r : List.of("resources[6]", "resources[7]")) {
            JsonNode nic = nic(report, r, null);
            assertEquals("NEEDS_CHANGES", nic.path("verdict").asText(), nic::toString);
            assertEquals("A2", nic.path("tier").asText());
            assertEquals("westeurope", nic.path("region").asText());
            assertEquals("Standard_F8s_v2", nic.path("vmSize").asText());
            assertEquals("acme-FGT", nic.path("vms").path(0).asText());
            List<String> fields = new ArrayList<>();
            nic.path("changes").forEach(c -> fields.add(c.path("field").asText()));
            // acceleratedNetworking defaults to the string "false" in this template: plan turns it on.
            assertEquals(List.of("properties.enableAcceleratedNetworking", "properties.auxiliaryMode",
                    "properties.auxiliarySku", "tags.fastpathenabled"), fields);
        }
        assertEquals("acme-FGT-Nic1", nic(report, "resources[6]", null).path("name").asText());
        JsonNode nic1 = report.path("template").path("resources").path(6);
        assertEquals(true, nic1.path("properties").path("enableAcceleratedNetworking").booleanValue());
        assertEquals("AcceleratedConnections", nic1.path("properties").path("auxiliaryMode").asText());
        assertEquals("A2", nic1.path("properties").path("auxiliarySku").asText());
        // The template builds tags with an expression: it is kept as written, the required tag added after it.
        String original = json(FGT_SINGLE).path("resources").path(6).path("tags").asText();
        assertEquals("[union(" + original.substring(1, original.length() - 1) + ", createObject('fastpathenabled', 'true'))]",
                nic1.path("tags").asText());
        assertEquals(2, report.path("summary").path("needsChanges").asInt());
        assertFalse(report.path("summary").path("passes").asBoolean());
    }

    /** Everything but the NICs' own settings comes back as it was sent: same tree, same strings. */
    @Test
    void anExpressionHeavyTemplateComesBackUntouchedOutsideItsNics() {
        JsonNode sent = json(FGT_SINGLE);
        JsonNode back = planned(deployment(FGT_SINGLE, FGT_SINGLE_PARAMS), "location=westeurope").path("template");
        List<String> keys = new ArrayList<>();
        sent.fieldNames().forEachRemaining(keys::add);
        List<String> backKeys = new ArrayList<>();
        back.fieldNames().forEachRemaining(backKeys::add);
        assertEquals(keys, backKeys, "top-level order");
        for (String section : List.of("$schema", "contentVersion", "parameters", "variables", "outputs")) {
            assertEquals(sent.path(section), back.path(section), section);
            assertEquals(sent.path(section).toString(), back.path(section).toString(), section + " as text");
        }
        int expressions = 0;
        for (int i = 0; i < sent.path("resources").size(); i++) {
            JsonNode s = sent.path("resources").path(i);
            JsonNode b = back.path("resources").path(i);
            if (!s.path("type").asText().equals("Microsoft.Network/networkInterfaces")) {
                assertEquals(s.toString(), b.toString(), "resources[" + i + "]");
                continue;
            }
            // A NIC keeps every field in order; only the ones plan sets differ.
            Iterator<Map.Entry<String, JsonNode>> it = s.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("tags")) {
                    continue;
                }
                if (e.getKey().equals("properties")) {
                    e.getValue().fields().forEachRemaining(p -> {
                        if (!p.getKey().equals("enableAcceleratedNetworking")) {
                            assertEquals(p.getValue().toString(), b.path("properties").path(p.getKey()).toString(), p.getKey());
                        }
                    });
                } else {
                    assertEquals(e.getValue().toString(), b.path(e.getKey()).toString(), e.getKey());
                }
            }
        }
        for (String line : FGT_SINGLE.split("\n")) {
            if (line.contains("\"[") && !line.contains("tags") && !line.contains("enableAcceleratedNetworking")) {
                expressions++;
            }
        }
        assertTrue(expressions > 50, "an expression-heavy template: " + expressions + " expression lines");
    }

    @Test
    void checkModeAnswers422WhileAnEligibleNicIsNotEnabled() {
        plan(deployment(FGT_SINGLE, FGT_SINGLE_PARAMS), "mode=check&location=westeurope")
                .statusCode(422)
                .body("template", nullValue())
                .body("summary.needsChanges", equalTo(2))
                .body("summary.passes", equalTo(false));
    }

    @Test
    void aSizeTooSmallOrAnUnsupportedRegionIsIneligibleAndPassesTheCheck() {
        // The template's default instanceType, Standard_F2s, has 2 vCPUs.
        String defaults = "{\"fortiGateNamePrefix\": {\"value\": \"acme\"}}";
        JsonNode small = planned(deployment(FGT_SINGLE, defaults), "location=westeurope");
        assertEquals("INELIGIBLE", nic(small, "resources[6]", null).path("verdict").asText());
        assertEquals(List.of("SIZE_TOO_SMALL"), codes(nic(small, "resources[6]", null).path("reasons")));
        JsonNode brazil = planned(deployment(FGT_SINGLE, FGT_SINGLE_PARAMS), "location=brazilsouth");
        assertEquals(List.of("REGION_UNSUPPORTED"), codes(nic(brazil, "resources[7]", null).path("reasons")));
        assertEquals(json(FGT_SINGLE).path("resources"), brazil.path("template").path("resources"), "nothing changed");
        plan(deployment(FGT_SINGLE, defaults), "mode=check&location=westeurope").statusCode(200)
                .body("summary.ineligible", equalTo(2)).body("summary.passes", equalTo(true));
    }

    @Test
    void aRegionOrSizeKnownOnlyAtDeploymentIsUndeterminedNotGuessed() {
        // No ?location: resourceGroup().location is unknown. No prefix: names stay expressions, still matched to the VM.
        JsonNode report = planned(FGT_SINGLE, null);
        JsonNode nic = nic(report, "resources[6]", null);
        assertEquals("UNDETERMINED", nic.path("verdict").asText());
        assertTrue(codes(nic.path("reasons")).contains("REGION_UNRESOLVED"), nic::toString);
        assertTrue(nic.path("reasons").toString().contains("?location="), nic::toString);
        assertEquals("[variables('fgtNic1Name')]", nic.path("name").asText());
        assertEquals(1, nic.path("vms").size(), "matched to its VM by the shape of the name expression");
        String sizeFromParameterWithoutDefault = FGT_SINGLE.replace("\"defaultValue\": \"Standard_F2s\",", "");
        JsonNode noSize = planned(sizeFromParameterWithoutDefault, "location=eastus");
        JsonNode n = nic(noSize, "resources[7]", null);
        assertEquals(List.of("VM_SIZE_UNRESOLVED"), codes(n.path("reasons")));
        assertTrue(n.path("reasons").path(0).path("message").asText().contains("'instanceType' has no default"), n::toString);
    }

    @Test
    void aTemplateThatAlreadyEnablesTheFeatureByItsOwnSwitchIsCompliant() {
        String template = text("fortigate-single-vm-accelerated-connections.azuredeploy.json");
        String on = """
                {"fortiGateNamePrefix": {"value": "acme"}, "acceleratedNetworking": {"value": "true"},
                 "acceleratedConnections": {"value": true}, "acceleratedConnectionsSku": {"value": "%s"}}""";
        JsonNode report = planned(deployment(template, on.formatted("A1")), "location=eastus2");
        JsonNode nic = nic(report, "resources[6]", null);
        String size = nic.path("vmSize").asText();
        String tier = nic.path("tier").asText();
        JsonNode right = planned(deployment(template, on.formatted(tier)), "location=eastus2");
        assertEquals("COMPLIANT", nic(right, "resources[6]", null).path("verdict").asText(),
                () -> size + " " + nic(right, "resources[6]", null));
        assertEquals(json(template).path("resources"), right.path("template").path("resources"));
        plan(deployment(template, on.formatted(tier)), "mode=check&location=eastus2").statusCode(200);
        // Its own switch off: auxiliaryMode evaluates to None, so plan sets it.
        JsonNode off = planned(deployment(template, "{\"fortiGateNamePrefix\": {\"value\": \"acme\"}, "
                + "\"acceleratedNetworking\": {\"value\": \"true\"}}"), "location=eastus2");
        JsonNode offNic = nic(off, "resources[6]", null);
        assertEquals("NEEDS_CHANGES", offNic.path("verdict").asText());
        assertTrue(offNic.path("changes").toString().contains("{\"field\":\"properties.auxiliaryMode\",\"from\":\"None\","
                + "\"to\":\"AcceleratedConnections\"}"), offNic::toString);
    }

    @Test
    void copyLoopsOfNicsAndVmsMatchInstanceByInstance() {
        String template = text("fortigate-active-active-elb-ilb.azuredeploy.json");
        String params = """
                {"fortiGateNamePrefix": {"value": "acme"}, "fortiGateCount": {"value": 2},
                 "instanceType": {"value": "Standard_F16s_v2"}}""";
        JsonNode report = planned(deployment(template, params), "location=northeurope");
        assertEquals(4, report.path("nics").size(), report::toString);
        for (int copy = 0; copy < 2; copy++) {
            for (String r : List.of("resources[10]", "resources[11]")) {
                JsonNode nic = nic(report, r, copy);
                assertEquals("NEEDS_CHANGES", nic.path("verdict").asText(), nic::toString);
                assertEquals("A4", nic.path("tier").asText());
                assertEquals(List.of("acme-fgt-" + (copy + 1)), List.of(nic.path("vms").path(0).asText()));
            }
        }
        assertEquals("acme-fgt-2-nic1", nic(report, "resources[10]", 1).path("name").asText());
        assertEquals("A4", report.path("template").path("resources").path(10).path("properties").path("auxiliarySku").asText());
    }

    @Test
    void aCopyCountKnownOnlyAtDeploymentIsDecidedOnceForAllCopies() {
        String template = text("fortigate-active-active-elb-ilb.azuredeploy.json");
        JsonNode report = planned(deployment(template, "{\"instanceType\": {\"value\": \"Standard_F8s_v2\"}}"),
                "location=northeurope");
        assertEquals(2, report.path("nics").size(), "one entry per NIC resource, standing for all its copies");
        JsonNode nic = nic(report, "resources[10]", null);
        assertEquals("NEEDS_CHANGES", nic.path("verdict").asText(), nic::toString);
        assertEquals(1, nic.path("vms").size(), "matched by copyIndex() in both names");
        assertFalse(nic.has("copyIndex"));
    }

    @Test
    void bicepOutputWithSymbolicNamesGetsItsApiVersionRaised() {
        String template = text("bicep-1vm-2nics.symbolicnames.json");
        assertEquals("2.0", json(template).path("languageVersion").asText());
        JsonNode report = planned(deployment(template, "{\"virtualMachineSize\": {\"value\": \"Standard_D8s_v4\"}}"),
                "location=swedencentral");
        for (String r : List.of("resources.nic1", "resources.nic2")) {
            JsonNode nic = nic(report, r, null);
            assertEquals("NEEDS_CHANGES", nic.path("verdict").asText(), nic::toString);
            assertEquals("A2", nic.path("tier").asText());
            assertEquals("{\"field\":\"apiVersion\",\"from\":\"2020-06-01\",\"to\":\"2022-11-01\"}",
                    nic.path("changes").path(0).toString());
            assertEquals("VM-MultiNic", nic.path("vms").path(0).asText());
            JsonNode written = report.path("template").path("resources").path(r.substring("resources.".length()));
            assertEquals("2022-11-01", written.path("apiVersion").asText());
            assertEquals("true", written.path("tags").path("fastpathenabled").asText());
        }
        assertEquals(json(template).path("resources").path("vm"), report.path("template").path("resources").path("vm"));
    }

    @Test
    void bicepExistingResourcesAndCopiesOfNicsAndVms() {
        JsonNode jumpbox = planned(text("bicep-jumpbox-existing.symbolicnames.json"), "location=centralus");
        JsonNode nic = nic(jumpbox, "resources.vmNic", null);
        assertEquals("NEEDS_CHANGES", nic.path("verdict").asText(), nic::toString);
        assertEquals("A1", nic.path("tier").asText(), "Standard_DS3_v2 has 4 vCPUs");
        assertEquals("TestVm", nic.path("vms").path(0).asText());
        JsonNode copies = planned(deployment(text("bicep-vm-copy.symbolicnames.json"),
                "{\"virtualMachineSize\": {\"value\": \"Standard_D16s_v4\"}}"), "location=westus2");
        assertEquals(3, copies.path("nics").size(), "length(range(0, 3)) copies");
        for (int i = 0; i < 3; i++) {
            JsonNode c = nic(copies, "resources.networkInterfaces", i);
            assertEquals("MyVM0" + (i + 1) + "-NIC1", c.path("name").asText());
            assertEquals("MyVM0" + (i + 1), c.path("vms").path(0).asText());
            assertEquals("A4", c.path("tier").asText());
        }
    }

    static final String HAND_WRITTEN = """
            {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
             "contentVersion": "1.0.0.0",
             "parameters": {"location": {"type": "string", "defaultValue": "eastus"}},
             "variables": {"sizes": ["Standard_D4s_v4", "Standard_D32s_v4"]},
             "resources": [
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "shared-nic",
               "location": "[parameters('location')]", "properties": {"enableAcceleratedNetworking": true}},
              {"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2023-09-01", "name": "vm-a",
               "location": "[parameters('location')]", "properties": {"hardwareProfile": {"vmSize": "Standard_D8s_v4"},
               "networkProfile": {"networkInterfaces": [{"id": "[resourceId('Microsoft.Network/networkInterfaces', 'shared-nic')]"}]}}},
              {"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2023-09-01", "name": "vm-b",
               "location": "[parameters('location')]", "properties": {"hardwareProfile": {"vmSize": "Standard_D16s_v4"},
               "networkProfile": {"networkInterfaces": [{"id": "/subscriptions/6f1a3b2c-0d4e-4f5a-8b9c-0123456789ab/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/shared-nic"}]}}},
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "lonely-nic",
               "location": "eastus", "properties": {"enableAcceleratedNetworking": true}},
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "sized-nic",
               "location": "eastus", "tags": {"owner": "netops", "accelconn-vm-size": "Standard_D16s_v4"},
               "properties": {"enableAcceleratedNetworking": true}},
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "lb-nic",
               "location": "eastus", "tags": {"accelconn-vm-size": "Standard_D16s_v4"},
               "properties": {"enableAcceleratedNetworking": true, "auxiliaryMode": "MaxConnections", "auxiliarySku": "A2"}},
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "lab-nic",
               "location": "eastus", "tags": {"accelconn-vm-size": "Standard_D16s_v4", "accelconn-opt-out": "true"},
               "properties": {}},
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2021-02-01", "name": "done-nic",
               "location": "eastus", "tags": {"accelconn-vm-size": "Standard_D16s_v4", "FastPathEnabled": "TRUE"},
               "properties": {"enableAcceleratedNetworking": true, "auxiliaryMode": "AcceleratedConnections", "auxiliarySku": "A4"}},
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "[concat('mixed-', copyIndex())]",
               "copy": {"name": "mixed", "count": 2}, "location": "eastus", "properties": {"enableAcceleratedNetworking": true}},
              {"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2023-09-01", "name": "[concat('mixed-vm-', copyIndex())]",
               "copy": {"name": "mixedVms", "count": 2}, "location": "eastus",
               "properties": {"hardwareProfile": {"vmSize": "[variables('sizes')[copyIndex()]]"},
               "networkProfile": {"networkInterfaces": [{"id": "[resourceId('Microsoft.Network/networkInterfaces', concat('mixed-', copyIndex()))]"}]}}},
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "existing-nic", "existing": true},
              {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "spoke",
               "properties": {"mode": "Incremental", "template": {"resources": []}}},
              {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked",
               "properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.invalid/t.json"}}}
             ]}""";

    @Test
    void nicsWithSeveralVmsOrNoneConflictsOptOutsAndCompliantOnes() {
        JsonNode sent = json(HAND_WRITTEN);
        JsonNode report = planned(HAND_WRITTEN, null);
        JsonNode shared = nic(report, "resources[0]", null);
        assertEquals("UNDETERMINED", shared.path("verdict").asText());
        assertEquals(List.of("VMS_DISAGREE"), codes(shared.path("reasons")));
        assertEquals(List.of("NIC_ON_SEVERAL_VMS"), codes(shared.path("warnings")));
        assertEquals(List.of("vm-a", "vm-b"), List.of(shared.path("vms").path(0).asText(), shared.path("vms").path(1).asText()));

        JsonNode lonely = nic(report, "resources[3]", null);
        assertEquals("UNDETERMINED", lonely.path("verdict").asText());
        assertEquals(List.of("NO_VM_SIZE"), codes(lonely.path("reasons")));

        JsonNode sized = nic(report, "resources[4]", null);
        assertEquals("NEEDS_CHANGES", sized.path("verdict").asText(), "the size tag stands in for the VM");
        JsonNode sizedTags = report.path("template").path("resources").path(4).path("tags");
        assertEquals("{\"owner\":\"netops\",\"accelconn-vm-size\":\"Standard_D16s_v4\",\"fastpathenabled\":\"true\"}",
                sizedTags.toString(), "the template's tags are kept, the required one added");

        JsonNode lb = nic(report, "resources[5]", null);
        assertEquals("CONFLICT", lb.path("verdict").asText());
        assertEquals(sent.path("resources").path(5), report.path("template").path("resources").path(5), "not overwritten");
        assertEquals("EXEMPT", nic(report, "resources[6]", null).path("verdict").asText());

        JsonNode done = nic(report, "resources[7]", null);
        assertEquals("NEEDS_CHANGES", done.path("verdict").asText(), "set, but its API version ignores the settings");
        assertEquals(List.of("apiVersion"), List.of(done.path("changes").path(0).path("field").asText()));
        assertEquals(1, done.path("changes").size(), "FastPathEnabled=TRUE already is the required tag");

        for (int copy = 0; copy < 2; copy++) {
            JsonNode mixed = nic(report, "resources[8]", copy);
            assertEquals("UNDETERMINED", mixed.path("verdict").asText(), mixed::toString);
            assertEquals(List.of("COPY_INSTANCES_DIFFER"), codes(mixed.path("reasons")));
        }
        assertEquals(sent.path("resources").path(8), report.path("template").path("resources").path(8));

        List<String> notInspected = new ArrayList<>();
        report.path("notInspected").forEach(n -> notInspected.add(n.path("reason").path("code").asText()));
        assertEquals(List.of("EXISTING_RESOURCE", "NESTED_TEMPLATE", "LINKED_TEMPLATE"), notInspected);
        assertEquals(3, report.path("summary").path("notInspected").asInt());
    }

    @Test
    void aNicAlreadyEnabledAsThePolicyWantsPassesTheCheck() {
        String done = """
                {"resources": [{"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2024-05-01", "name": "fw-nic0",
                  "location": "uksouth", "tags": {"fastpathenabled": "true"},
                  "properties": {"enableAcceleratedNetworking": true, "auxiliaryMode": "AcceleratedConnections", "auxiliarySku": "A8"}},
                 {"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-07-01", "name": "fw",
                  "location": "uksouth", "properties": {"hardwareProfile": {"vmSize": "Standard_D32s_v4"},
                  "networkProfile": {"networkInterfaces": [{"id": "[resourceId('Microsoft.Network/networkInterfaces', 'fw-nic0')]"}]}}}]}""";
        plan(done, "mode=check").statusCode(200)
                .body("nics[0].verdict", equalTo("COMPLIANT"))
                .body("nics[0].tier", equalTo("A8"))
                .body("summary.compliant", equalTo(1))
                .body("summary.passes", equalTo(true));
        // A resize to a smaller VM would change the tier: the check fails and says so.
        plan(done.replace("Standard_D32s_v4", "Standard_D8s_v4"), "mode=check").statusCode(422)
                .body("nics[0].changes[0].field", equalTo("properties.auxiliarySku"))
                .body("nics[0].changes[0].from", equalTo("A8"))
                .body("nics[0].changes[0].to", equalTo("A2"));
    }
}
