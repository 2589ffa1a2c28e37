package io.accelconn.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Generates a deterministic fleet straight into the stores (no HTTP, no listeners). Each
 * subscription has its own random stream, so subscriptions can be generated in parallel and the
 * result still depends only on the spec.
 *
 * <p>Besides the spec's fractions the fleet has the awkward cases a sweep must handle: NICs
 * without Accelerated Networking, NICs on other auxiliary modes (MaxConnections, Floating: never
 * to be overwritten), 2-vCPU and non-AN sizes, deallocated and stopped VMs, and a region outside
 * the Accelerated Connections list in the default locations.
 */
final class FleetGenerator {

    /** VM sizes of the fleet, with what eligibility needs (Accelerated Networking, vCPUs). */
    record Size(String name, int vcpus, boolean acceleratedNetworking) {
    }

    static final List<Size> SIZES = List.of(
            new Size("Standard_D4s_v4", 4, true),
            new Size("Standard_D8s_v5", 8, true),
            new Size("Standard_E16s_v5", 16, true),
            new Size("Standard_F8s_v2", 8, true),
            new Size("Standard_B2s", 2, false),
            new Size("Standard_D2s_v3", 2, true));

    private final FleetSpec spec;
    private final NetworkInterfaces nics;
    private final VirtualMachines vms;

    FleetGenerator(FleetSpec spec, NetworkInterfaces nics, VirtualMachines vms) {
        this.spec = spec;
        this.nics = nics;
        this.vms = vms;
    }

    static String subscriptionId(long seed, int index) {
        return UUID.nameUUIDFromBytes(("accelconn-emulator/" + seed + "/subscription/" + index)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String resourceGroup(int index) {
        return String.format("rg-fleet-%02d", index);
    }

    FleetSummary generate() {
        long start = System.nanoTime();
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < spec.subscriptions(); i++) subscriptions.add(subscriptionId(spec.seed(), i));
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < spec.resourceGroupsPerSubscription(); g++) groups.add(resourceGroup(g));
        AtomicInteger nicCount = new AtomicInteger();
        AtomicInteger vmCount = new AtomicInteger();
        AtomicInteger accelerated = new AtomicInteger();
        IntStream.range(0, spec.subscriptions()).parallel().forEach(i -> {
            Counts c = generateSubscription(i, subscriptions.get(i), groups);
            nicCount.addAndGet(c.nics);
            vmCount.addAndGet(c.vms);
            accelerated.addAndGet(c.accelerated);
        });
        return new FleetSummary(subscriptions, groups, nicCount.get(), vmCount.get(), accelerated.get(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private static final class Counts {
        int nics;
        int vms;
        int accelerated;
    }

    private Counts generateSubscription(int index, String subscription, List<String> groups) {
        SplittableRandom rnd = new SplittableRandom(spec.seed() * 1_000_003L + index);
        Counts counts = new Counts();
        String created = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(index * 86_400L).toString();
        for (int k = 0; k < spec.nicsPerSubscription(); k++) {
            int g = k % groups.size();
            String rg = groups.get(g);
            String location = spec.locations().get((index + g) % spec.locations().size());
            ResourceId nicId = ResourceId.nic(subscription, rg, String.format("nic-%06d", k));
            boolean attached = rnd.nextDouble() < spec.attachedFraction();
            Size size = attached ? SIZES.get(rnd.nextInt(SIZES.size())) : null;
            boolean an = size != null ? size.acceleratedNetworking() && rnd.nextDouble() < 0.9 : rnd.nextDouble() < 0.8;
            double modeDraw = rnd.nextDouble();
            String mode = null;
            String sku = null;
            if (an && modeDraw < spec.acceleratedFraction()) {
                mode = "AcceleratedConnections";
                sku = tierFor(size);
            } else if (an && modeDraw >= 0.99) {
                mode = "MaxConnections";
                sku = "A2";
            } else if (an && modeDraw >= 0.985) {
                mode = "Floating";
                sku = "None";
            }
            ResourceId vmId = attached ? ResourceId.vm(subscription, rg, String.format("vm-%06d", k)) : null;
            ObjectNode nic = nicBody(nicId, location, index, k, an, mode, sku, vmId, rnd);
            nics.putGenerated(nicId.key(), NicRecord.of(nicId.canonical(), nic, null, 0));
            counts.nics++;
            if (mode != null && mode.equals("AcceleratedConnections")) counts.accelerated++;
            if (attached) {
                double p = rnd.nextDouble();
                String power = p < 0.85 ? "running" : p < 0.95 ? "deallocated" : "stopped";
                ObjectNode vm = vmBody(vmId, location, size, nicId, created, rnd);
                vms.putGenerated(vmId.key(), new VmRecord(vmId.canonical(), location, Json.bytes(vm), power, 1,
                        List.of(nicId.canonical())));
                counts.vms++;
            }
        }
        return counts;
    }

    /** Tier by vCPUs, the default shape of accelconn's tier policy. Unattached NICs get the smallest. */
    static String tierFor(Size size) {
        if (size == null || size.vcpus() <= 4) return "A1";
        if (size.vcpus() <= 8) return "A2";
        if (size.vcpus() <= 16) return "A4";
        return "A8";
    }

    private static ObjectNode nicBody(ResourceId id, String location, int sub, int k, boolean an, String mode,
                                      String sku, ResourceId vm, SplittableRandom rnd) {
        String etag = Etags.weak(Etags.uuid(rnd.nextLong(), rnd.nextLong()));
        ObjectNode nic = Json.object();
        nic.put("name", id.name());
        nic.put("id", id.canonical());
        nic.put("etag", etag);
        nic.put("type", NetworkInterfaces.TYPE);
        nic.put("location", location);
        ObjectNode tags = nic.putObject("tags");
        tags.put("env", k % 3 == 0 ? "dev" : "prod");
        tags.put("workload", k % 2 == 0 ? "firewall" : "sdwan");
        if ("AcceleratedConnections".equals(mode)) tags.put("fastpathenabled", "true");
        ObjectNode p = nic.putObject("properties");
        p.put("provisioningState", "Succeeded");
        p.put("resourceGuid", Etags.uuid(rnd.nextLong(), rnd.nextLong()).toString());
        ObjectNode ipc = p.putArray("ipConfigurations").addObject();
        ipc.put("name", "ipconfig1");
        ipc.put("id", id.canonical() + "/ipConfigurations/ipconfig1");
        ipc.put("etag", etag);
        ipc.put("type", NetworkInterfaces.TYPE + "/ipConfigurations");
        ObjectNode ip = ipc.putObject("properties");
        ip.put("provisioningState", "Succeeded");
        ip.put("privateIPAddress", "10." + (sub % 256) + "." + ((k >> 8) % 256) + "." + (k % 256));
        ip.put("privateIPAllocationMethod", "Dynamic");
        ip.putObject("subnet").put("id", "/subscriptions/" + id.subscription() + "/resourceGroups/" + id.resourceGroup()
                + "/providers/Microsoft.Network/virtualNetworks/vnet-" + id.resourceGroup() + "/subnets/default");
        ip.put("primary", true);
        ip.put("privateIPAddressVersion", "IPv4");
        ObjectNode dns = p.putObject("dnsSettings");
        dns.putArray("dnsServers");
        dns.putArray("appliedDnsServers");
        if (vm != null) p.put("macAddress", NetworkInterfaces.macFor(id.canonical()));
        p.put("enableAcceleratedNetworking", an);
        p.put("vnetEncryptionSupported", false);
        p.put("enableIPForwarding", k % 10 == 0);
        p.put("disableTcpStateTracking", false);
        if (vm != null) {
            p.put("primary", true);
            p.putObject("virtualMachine").put("id", vm.canonical());
        }
        p.putArray("hostedWorkloads");
        p.putArray("tapConfigurations");
        p.put("nicType", "Standard");
        p.put("allowPort25Out", true);
        if (mode != null) {
            p.put("auxiliaryMode", mode);
            p.put("auxiliarySku", sku);
        }
        nic.put("kind", "Regular");
        return nic;
    }

    private static ObjectNode vmBody(ResourceId id, String location, Size size, ResourceId nic, String created,
                                     SplittableRandom rnd) {
        ObjectNode vm = Json.object();
        vm.put("name", id.name());
        vm.put("id", id.canonical());
        vm.put("type", VirtualMachines.TYPE);
        vm.put("location", location);
        vm.putObject("tags").put("env", "prod");
        vm.put("etag", "\"1\"");
        ObjectNode p = vm.putObject("properties");
        p.put("vmId", Etags.uuid(rnd.nextLong(), rnd.nextLong()).toString());
        p.putObject("hardwareProfile").put("vmSize", size.name());
        ObjectNode os = p.putObject("storageProfile").putObject("osDisk");
        os.put("osType", "Linux");
        os.put("name", id.name() + "-osdisk");
        os.put("createOption", "FromImage");
        ObjectNode osProfile = p.putObject("osProfile");
        osProfile.put("computerName", id.name());
        osProfile.put("adminUsername", "azureuser");
        p.putObject("networkProfile").putArray("networkInterfaces").addObject().put("id", nic.canonical());
        p.put("provisioningState", "Succeeded");
        p.put("timeCreated", created);
        return vm;
    }
}
