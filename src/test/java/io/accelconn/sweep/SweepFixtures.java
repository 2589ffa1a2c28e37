package io.accelconn.sweep;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.emulator.ArmEmulator;

/** A subscription with one or more NICs of every compliance class, as ARM would hold them. */
final class SweepFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String RG = "rg-nva";

    private SweepFixtures() {
    }

    static String newSubscription() {
        return UUID.randomUUID().toString();
    }

    static String nicId(String sub, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + RG + "/providers/Microsoft.Network/networkInterfaces/" + name;
    }

    static String vmId(String sub, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + RG + "/providers/Microsoft.Compute/virtualMachines/" + name;
    }

    /** A NIC with Accelerated Networking on; {@code mode}/{@code sku} null leave them unset. */
    static String nic(ArmEmulator arm, String sub, String name, String region, String mode, String sku, Map<String, String> tags) {
        String id = nicId(sub, name);
        ObjectNode nic = MAPPER.createObjectNode();
        nic.put("location", region);
        nic.set("tags", MAPPER.valueToTree(tags));
        ObjectNode props = nic.putObject("properties");
        props.put("enableAcceleratedNetworking", true);
        if (mode != null) {
            props.put("auxiliaryMode", mode);
            props.put("auxiliarySku", sku);
        }
        ObjectNode ipc = props.putArray("ipConfigurations").addObject();
        ipc.put("name", "ipconfig1");
        ipc.putObject("properties").put("privateIPAllocationMethod", "Dynamic").putObject("subnet")
                .put("id", "/subscriptions/" + sub + "/resourceGroups/" + RG + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nva");
        arm.putNic(id, nic);
        return id;
    }

    static String vm(ArmEmulator arm, String sub, String name, String size, String power, List<String> nics) {
        return vm(arm, sub, name, size, power, nics, Map.of(), OffsetDateTime.now().minusDays(30));
    }

    /** A VM with tags of its own beside {@code owner}, created at {@code created}. */
    static String vm(ArmEmulator arm, String sub, String name, String size, String power, List<String> nics,
            Map<String, String> tags, OffsetDateTime created) {
        ObjectNode vm = MAPPER.createObjectNode();
        vm.put("location", "eastus2");
        ObjectNode vmTags = vm.putObject("tags").put("owner", "netops");
        tags.forEach(vmTags::put);
        ObjectNode props = vm.putObject("properties");
        props.putObject("hardwareProfile").put("vmSize", size);
        props.put("timeCreated", created.toString());
        var refs = props.putObject("networkProfile").putArray("networkInterfaces");
        for (String n : nics) {
            refs.addObject().put("id", n);
        }
        String id = vmId(sub, name);
        arm.putVm(id, vm, power);
        return id;
    }

    static Map<String, String> sized(String... extra) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("accelconn-vm-size", "Standard_D8s_v4");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            tags.put(extra[i], extra[i + 1]);
        }
        return tags;
    }

    /** One NIC per class; returns class name -> NIC ids. Standard_D8s_v4 (8 vCPUs) gives A2. */
    static Map<String, List<String>> everyClass(ArmEmulator arm, String sub) {
        Map<String, List<String>> byClass = new LinkedHashMap<>();
        byClass.put("COMPLIANT", List.of(nic(arm, sub, "compliant", "eastus2", "AcceleratedConnections", "A2",
                sized("fastpathenabled", "true"))));
        byClass.put("DRIFT_TAGS", List.of(nic(arm, sub, "drift-tags", "eastus2", "AcceleratedConnections", "A2", sized())));
        byClass.put("DRIFT_TIER", List.of(nic(arm, sub, "drift-tier", "eastus2", "AcceleratedConnections", "A1",
                sized("fastpathenabled", "true"))));
        String free = nic(arm, sub, "not-enabled", "eastus2", null, null, sized());
        String onStoppedVm = nic(arm, sub, "not-enabled-vm", "eastus2", null, null, Map.of());
        vm(arm, sub, "vm-deallocated", "Standard_D16s_v4", "deallocated", List.of(onStoppedVm));
        byClass.put("NOT_ENABLED_REMEDIABLE", List.of(free, onStoppedVm));
        String onRunningVm = nic(arm, sub, "redeploy", "eastus2", null, null, Map.of());
        vm(arm, sub, "vm-running", "Standard_D8s_v4", "running", List.of(onRunningVm));
        byClass.put("NEEDS_REDEPLOY", List.of(onRunningVm));
        byClass.put("INELIGIBLE", List.of(nic(arm, sub, "ineligible", "brazilsouth", null, null, sized())));
        byClass.put("EXEMPT", List.of(nic(arm, sub, "exempt", "eastus2", null, null, sized("accelconn-opt-out", "true"))));
        byClass.put("CONFLICT", List.of(nic(arm, sub, "conflict", "eastus2", "MaxConnections", "A2", sized())));
        byClass.put("UNDETERMINED", List.of(nic(arm, sub, "undetermined", "eastus2", null, null, Map.of())));
        return byClass;
    }

    /** {@code n} NICs that can be enabled now (size tag, no VM). */
    static List<String> remediable(ArmEmulator arm, String sub, int n) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(nic(arm, sub, String.format("fw-%03d", i), "eastus2", null, null, sized()));
        }
        return ids;
    }
}
