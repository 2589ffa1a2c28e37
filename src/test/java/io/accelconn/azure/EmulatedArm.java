package io.accelconn.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.EmulatorOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The local ARM emulator plus accelconn's adapter pointed at it, through the real SDK. */
final class EmulatedArm implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUB = "6a1b7c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
    static final String RG = "rg-fw";

    final ArmEmulator emulator;
    final Vertx vertx;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ArmClients arm;
    final NicGateway nics;
    final VmGateway vms;

    private EmulatedArm(ArmEmulator emulator, String baseUrl, String... config) {
        this.emulator = emulator;
        this.vertx = Vertx.vertx();
        this.arm = new ArmClients(TestConfigs.emulator(baseUrl, config), meters, vertx, HttpTransportConfig.defaults());
        this.nics = new NicGateway(arm);
        this.vms = new VmGateway(arm);
    }

    static EmulatedArm start(EmulatorOptions options, String... config) {
        ArmEmulator emulator = ArmEmulator.start(options);
        return new EmulatedArm(emulator, emulator.baseUrl(), config);
    }

    /** The adapter pointed at {@code baseUrl} (e.g. a dead port), no emulator. */
    static EmulatedArm startAgainst(String baseUrl, String... config) {
        return new EmulatedArm(null, baseUrl, config);
    }

    static EmulatedArm start(String... config) {
        return start(EmulatorOptions.defaults(), config);
    }

    static String nicId(String name) {
        return nicId(SUB, RG, name);
    }

    static String nicId(String sub, String rg, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Network/networkInterfaces/" + name;
    }

    static String vmId(String name) {
        return "/subscriptions/" + SUB + "/resourceGroups/" + RG + "/providers/Microsoft.Compute/virtualMachines/" + name;
    }

    /** A NIC body as ARM returns one, with Accelerated Networking on and the given tags. */
    static ObjectNode nicBody(String location, Map<String, String> tags) {
        ObjectNode nic = JSON.createObjectNode();
        nic.put("location", location);
        ObjectNode t = nic.putObject("tags");
        tags.forEach(t::put);
        ObjectNode props = nic.putObject("properties");
        props.put("provisioningState", "Succeeded");
        props.put("enableAcceleratedNetworking", true);
        props.put("enableIPForwarding", true);
        props.put("auxiliaryMode", "None");
        props.put("auxiliarySku", "None");
        ObjectNode ipc = props.putArray("ipConfigurations").addObject();
        ipc.put("name", "ipconfig1");
        ObjectNode ipProps = ipc.putObject("properties");
        ipProps.put("privateIPAllocationMethod", "Dynamic");
        ipProps.putObject("subnet").put("id", "/subscriptions/" + SUB + "/resourceGroups/" + RG
                + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default");
        return nic;
    }

    String etagOf(String nicId) {
        return emulator.nic(nicId).orElseThrow().path("etag").asText();
    }

    /** The count of every counter or timer {@code name} with that tag, whatever its other tags. */
    double meter(String name, String tag, String value) {
        double total = 0;
        for (var m : meters.find(name).tag(tag, value).meters()) {
            if (m instanceof io.micrometer.core.instrument.Counter c) {
                total += c.count();
            } else if (m instanceof io.micrometer.core.instrument.Timer t) {
                total += t.count();
            }
        }
        return total;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort in tests
        }
        if (emulator != null) {
            emulator.close();
        }
    }
}
