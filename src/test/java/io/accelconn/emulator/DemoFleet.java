package io.accelconn.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The demo fleet of {@code ./mvnw -Plocal}: NVAs (firewalls, SD-WAN, load balancers) with stable
 * names and ids in two subscriptions, one case of each thing accelconn decides. README's "Your
 * first hour" and the {@code samples/} files name these NICs, so a change here is a change there.
 * Seeded through the emulator's public methods, as a test would seed it.
 */
public final class DemoFleet {

    /** The production NVAs' subscription. */
    public static final String PROD = "acce1000-0000-4000-8000-000000000001";
    /** The branch offices' subscription. */
    public static final String BRANCH = "acce1000-0000-4000-8000-000000000002";

    static final String RUNNING = "running";
    static final String DEALLOCATED = "deallocated";
    static final String STOPPED = "stopped";
    static final String AC = "AcceleratedConnections";
    /** VMs are dated in the past, out of any restart grace period, except the one that opts in to a restart. */
    static final String CREATED = "2026-01-15T08:00:00Z";

    /**
     * One NIC and the VM it is attached to (null {@code vm} for a NIC without one).
     *
     * @param expected the sweep class (policy/ComplianceClass) of the NIC as seeded, with the default configuration
     * @param note     what the row shows a newcomer
     */
    public record Nic(String subscription, String resourceGroup, String region, String vm, String vmSize, String power,
                      Map<String, String> vmTags, String name, boolean acceleratedNetworking, String auxiliaryMode,
                      String auxiliarySku, Map<String, String> tags, String expected, String note) {

        public String id() {
            return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                    + "/providers/Microsoft.Network/networkInterfaces/" + name;
        }

        public String vmId() {
            return vm == null ? null : "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                    + "/providers/Microsoft.Compute/virtualMachines/" + vm;
        }

        Nic named(String nicName) {
            return new Nic(subscription, resourceGroup, region, vm, vmSize, power, vmTags, nicName, acceleratedNetworking,
                    auxiliaryMode, auxiliarySku, tags, expected, note);
        }

        Nic mode(String mode, String sku) {
            return new Nic(subscription, resourceGroup, region, vm, vmSize, power, vmTags, name, acceleratedNetworking,
                    mode, sku, tags, expected, note);
        }

        Nic tags(Map<String, String> nicTags) {
            return new Nic(subscription, resourceGroup, region, vm, vmSize, power, vmTags, name, acceleratedNetworking,
                    auxiliaryMode, auxiliarySku, nicTags, expected, note);
        }

        Nic vmTags(Map<String, String> onVm) {
            return new Nic(subscription, resourceGroup, region, vm, vmSize, power, onVm, name, acceleratedNetworking,
                    auxiliaryMode, auxiliarySku, tags, expected, note);
        }

        Nic withoutAcceleratedNetworking() {
            return new Nic(subscription, resourceGroup, region, vm, vmSize, power, vmTags, name, false, auxiliaryMode,
                    auxiliarySku, tags, expected, note);
        }
    }

    private static final Map<String, String> FASTPATH = Map.of("fastpathenabled", "true");

    /** The fleet, in the order of README's table. */
    public static final List<Nic> NICS = List.of(
            vm(PROD, "rg-fw-eus2", "eastus2", "fw-eus2-01", "Standard_D16s_v4", DEALLOCATED, "NOT_ENABLED_REMEDIABLE",
                    "samples/event-applied.json: APPLIED, A4"),
            vm(PROD, "rg-fw-eus2", "eastus2", "fw-eus2-02", "Standard_D16s_v4", RUNNING, "NEEDS_REDEPLOY",
                    "samples/event-deferred.json: DEFERRED, VM running"),
            vm(PROD, "rg-fw-eus2", "eastus2", "fw-eus2-03", "Standard_D8s_v4", RUNNING, "NEEDS_REDEPLOY",
                    "VM opts in to a restart (created at start)")
                    .vmTags(Map.of("accelconn-allow-restart", "true")),
            vm(PROD, "rg-fw-eus2", "eastus2", "fw-eus2-04", "Standard_D16s_v4", RUNNING, "COMPLIANT", "already A4")
                    .mode(AC, "A4").tags(FASTPATH),
            vm(PROD, "rg-fw-eus2", "eastus2", "fw-eus2-05", "Standard_D8s_v4", DEALLOCATED, "EXEMPT", "NIC opted out")
                    .tags(Map.of("accelconn-opt-out", "true")),
            vm(PROD, "rg-fw-eus2", "eastus2", "fw-eus2-06", "Standard_E16s_v4", DEALLOCATED, "NOT_ENABLED_REMEDIABLE",
                    "two NICs; samples/cloudevents-batch.json").named("fw-eus2-06-nic0"),
            vm(PROD, "rg-fw-eus2", "eastus2", "fw-eus2-06", "Standard_E16s_v4", DEALLOCATED, "NOT_ENABLED_REMEDIABLE",
                    "second NIC of fw-eus2-06").named("fw-eus2-06-nic1"),
            vm(PROD, "rg-lb-eus2", "eastus2", "lb-eus2-01", "Standard_F8s_v2", RUNNING, "CONFLICT",
                    "MaxConnections: never overwritten").mode("MaxConnections", "A2"),
            vm(PROD, "rg-lb-eus2", "eastus2", "lb-eus2-02", "Standard_D8s_v5", DEALLOCATED, "INELIGIBLE",
                    "SIZE_FAMILY_EXCLUDED (Dv5)"),
            vm(PROD, "rg-lb-eus2", "eastus2", "lb-eus2-03", "Standard_D2s_v3", RUNNING, "INELIGIBLE",
                    "SIZE_TOO_SMALL (2 vCPUs)"),
            vm(PROD, "rg-lb-eus2", "eastus2", "lb-eus2-04", "Standard_F8s_v2", DEALLOCATED, "INELIGIBLE",
                    "ACCELERATED_NETWORKING_DISABLED").withoutAcceleratedNetworking(),
            nic(PROD, "rg-lb-eus2", "eastus2", "nic-spare-eus2-01", "UNDETERMINED", "no VM, no size tag"),
            nic(PROD, "rg-lb-eus2", "eastus2", "nic-staged-eus2-01", "NOT_ENABLED_REMEDIABLE",
                    "no VM yet; tagged accelconn-vm-size").tags(Map.of("accelconn-vm-size", "Standard_D8s_v4")),
            vm(PROD, "rg-sdwan-weu", "westeurope", "sdwan-weu-01", "Standard_F16s_v2", DEALLOCATED,
                    "NOT_ENABLED_REMEDIABLE", "samples/cloudevents-batch.json"),
            vm(PROD, "rg-sdwan-weu", "westeurope", "sdwan-weu-02", "Standard_F16s_v2", RUNNING, "NEEDS_REDEPLOY",
                    "VM running"),
            vm(PROD, "rg-sdwan-weu", "westeurope", "sdwan-weu-03", "Standard_D8s_v4", RUNNING, "DRIFT_TAGS",
                    "A2, fastpathenabled tag removed").mode(AC, "A2"),
            vm(PROD, "rg-sdwan-weu", "westeurope", "sdwan-weu-04", "Standard_D16s_v4", RUNNING, "DRIFT_TIER",
                    "A1 on a 16-vCPU size (A4)").mode(AC, "A1").tags(FASTPATH),
            vm(PROD, "rg-sdwan-weu", "westeurope", "sdwan-weu-05", "Standard_D8s_v4", STOPPED, "NEEDS_REDEPLOY",
                    "stopped, not deallocated"),
            vm(PROD, "rg-nva-brs", "brazilsouth", "fw-brs-01", "Standard_D16s_v4", RUNNING, "INELIGIBLE",
                    "REGION_UNSUPPORTED"),
            vm(PROD, "rg-nva-brs", "brazilsouth", "sdwan-brs-01", "Standard_F8s_v2", DEALLOCATED, "INELIGIBLE",
                    "REGION_UNSUPPORTED"),
            vm(BRANCH, "rg-sdwan-neu", "northeurope", "sdwan-neu-01", "Standard_D8s_v4", DEALLOCATED,
                    "NOT_ENABLED_REMEDIABLE", "A2 when remediated"),
            vm(BRANCH, "rg-sdwan-neu", "northeurope", "sdwan-neu-02", "Standard_D8s_v4", RUNNING, "NEEDS_REDEPLOY",
                    "VM running"),
            vm(BRANCH, "rg-sdwan-neu", "northeurope", "sdwan-neu-03", "Standard_D4s_v4", RUNNING, "COMPLIANT",
                    "already A1").mode(AC, "A1").tags(FASTPATH),
            vm(BRANCH, "rg-fw-uks", "uksouth", "fw-uks-01", "Standard_D32s_v4", DEALLOCATED, "NOT_ENABLED_REMEDIABLE",
                    "A8 when remediated"),
            vm(BRANCH, "rg-fw-uks", "uksouth", "fw-uks-02", "Standard_D32s_v4", RUNNING, "COMPLIANT", "already A8")
                    .mode(AC, "A8").tags(FASTPATH),
            vm(BRANCH, "rg-fw-uks", "uksouth", "lb-uks-01", "Standard_F16s_v2", RUNNING, "CONFLICT",
                    "Floating: never overwritten").mode("Floating", "None"),
            vm(BRANCH, "rg-lb-weu", "westeurope", "lb-weu-01", "Standard_E8s_v5", RUNNING, "NEEDS_REDEPLOY",
                    "Ev5 is eligible (only Dv5 is excluded)"),
            vm(BRANCH, "rg-lb-weu", "westeurope", "lb-weu-02", "Standard_D16s_v5", DEALLOCATED, "INELIGIBLE",
                    "SIZE_FAMILY_EXCLUDED (Dv5)"),
            vm(BRANCH, "rg-lb-weu", "westeurope", "fw-weu-01", "Standard_E32s_v4", DEALLOCATED, "EXEMPT",
                    "VM opted out").vmTags(Map.of("accelconn-opt-out", "true")),
            vm(BRANCH, "rg-nva-frc", "francecentral", "fw-frc-01", "Standard_D16s_v4", DEALLOCATED, "INELIGIBLE",
                    "REGION_UNSUPPORTED"),
            vm(BRANCH, "rg-nva-frc", "francecentral", "lb-frc-01", "Standard_B2s", RUNNING, "INELIGIBLE",
                    "REGION_UNSUPPORTED, SIZE_TOO_SMALL, no Accelerated Networking").withoutAcceleratedNetworking());

    private DemoFleet() {
    }

    private static Nic vm(String sub, String rg, String region, String vm, String size, String power, String expected,
                          String note) {
        return new Nic(sub, rg, region, vm, size, power, Map.of(), vm + "-nic0", true, null, null, Map.of(), expected,
                note);
    }

    private static Nic nic(String sub, String rg, String region, String name, String expected, String note) {
        return new Nic(sub, rg, region, null, null, null, Map.of(), name, true, null, null, Map.of(), expected, note);
    }

    /** Finds a NIC of the fleet by name. */
    public static Nic nic(String name) {
        return NICS.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo NIC " + name));
    }

    /** Seeds the fleet into {@code arm}: NICs first, then the VMs that list them. */
    public static void seed(ArmEmulator arm) {
        Map<String, List<Nic>> byVm = new LinkedHashMap<>();
        for (Nic n : NICS) {
            arm.putNic(n.id(), nicBody(n));
            if (n.vm() != null) {
                byVm.computeIfAbsent(n.vmId(), k -> new ArrayList<>()).add(n);
            }
        }
        byVm.forEach((vmId, nics) -> arm.putVm(vmId, vmBody(nics), nics.get(0).power()));
    }

    private static ObjectNode nicBody(Nic n) {
        ObjectNode nic = Json.object();
        nic.put("location", n.region());
        ObjectNode tags = nic.putObject("tags");
        tags.put("workload", n.name().substring(0, n.name().indexOf('-')));
        n.tags().forEach(tags::put);
        ObjectNode p = nic.putObject("properties");
        p.put("provisioningState", "Succeeded");
        p.put("resourceGuid", stableUuid("nic", n.id()));
        ObjectNode ip = p.putArray("ipConfigurations").addObject();
        ip.put("name", "ipconfig1");
        ip.put("id", n.id() + "/ipConfigurations/ipconfig1");
        ObjectNode ipProps = ip.putObject("properties");
        ipProps.put("privateIPAllocationMethod", "Dynamic");
        ipProps.put("primary", true);
        ipProps.putObject("subnet").put("id", "/subscriptions/" + n.subscription() + "/resourceGroups/"
                + n.resourceGroup() + "/providers/Microsoft.Network/virtualNetworks/vnet-" + n.region() + "/subnets/nva");
        p.put("enableAcceleratedNetworking", n.acceleratedNetworking());
        p.put("enableIPForwarding", true);
        p.put("nicType", "Standard");
        if (n.auxiliaryMode() != null) {
            p.put("auxiliaryMode", n.auxiliaryMode());
            p.put("auxiliarySku", n.auxiliarySku());
        }
        return nic;
    }

    private static ObjectNode vmBody(List<Nic> nics) {
        Nic first = nics.get(0);
        ObjectNode vm = Json.object();
        vm.put("location", first.region());
        ObjectNode tags = vm.putObject("tags");
        tags.put("role", first.vm().substring(0, first.vm().indexOf('-')));
        first.vmTags().forEach(tags::put);
        ObjectNode p = vm.putObject("properties");
        p.put("vmId", stableUuid("vm", first.vmId()));
        p.putObject("hardwareProfile").put("vmSize", first.vmSize());
        if (!"true".equals(first.vmTags().get("accelconn-allow-restart"))) {
            p.put("timeCreated", CREATED);
        }
        p.putObject("storageProfile").putObject("osDisk").put("osType", "Linux");
        p.putObject("osProfile").put("computerName", first.vm());
        var refs = p.putObject("networkProfile").putArray("networkInterfaces");
        for (int i = 0; i < nics.size(); i++) {
            ObjectNode ref = refs.addObject();
            ref.put("id", nics.get(i).id());
            ref.putObject("properties").put("primary", i == 0);
        }
        return vm;
    }

    private static String stableUuid(String kind, String id) {
        return UUID.nameUUIDFromBytes(("accelconn-demo/" + kind + "/" + id.toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The compact table LocalRun prints at start. */
    public static String table() {
        String format = "%-8s %-13s %-19s %-17s %-12s %-22s %-24s %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(format, "sub", "region", "NIC", "size", "VM", "NIC now", "sweep class", "note"));
        for (Nic n : NICS) {
            String now = n.auxiliaryMode() == null ? (n.acceleratedNetworking() ? "-" : "no accel. networking")
                    : n.auxiliaryMode().replace(AC, "AccelConn") + " " + n.auxiliarySku();
            out.append(String.format(format, n.subscription().equals(PROD) ? "prod" : "branch", n.region(), n.name(),
                    n.vmSize() == null ? "-" : n.vmSize(), n.power() == null ? "no VM" : n.power(), now, n.expected(),
                    n.note()));
        }
        out.append("subscriptions: prod ").append(PROD).append(", branch ").append(BRANCH).append(System.lineSeparator());
        return out.toString();
    }
}
