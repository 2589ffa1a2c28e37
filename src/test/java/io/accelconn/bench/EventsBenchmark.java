package io.accelconn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.emulator.EmulatorOptions;
import io.accelconn.testsupport.Azurite;
import io.vertx.core.buffer.Buffer;

/**
 * Fires NIC write events at the packaged application, one per request as Event Grid delivers
 * to a webhook with {@code maxEventsPerBatch=1}, against the ARM emulator and Azurite. Prints
 * event-to-applied latency (the handler answers once the NIC reached {@code Succeeded} and the
 * decision is recorded), events per second, and ARM requests per event as the emulator counted
 * them; then the same for events about NICs that are already compliant (our own writes' events).
 * Half the NICs carry a size tag and no VM, half sit on a stop-deallocated VM.
 * Bounded: N events, a time limit, loopback only.
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * ./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.accelconn.bench.EventsBenchmark
 * </pre>
 * Arguments (optional): events (default 2000), connections (default 16).
 */
public final class EventsBenchmark {

    static final String SUB = "11111111-2222-4333-8444-555555555555";

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        ObjectMapper mapper = new ObjectMapper();
        try (Azurite azurite = Azurite.start();
                ArmEmulator arm = ArmEmulator.start(EmulatorOptions.builder().lroPollsBeforeSucceeded(0).build())) {
            List<String> nics = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                String id = "/subscriptions/" + SUB + "/resourceGroups/rg-bench/providers/Microsoft.Network/networkInterfaces/nic-" + i;
                ObjectNode nic = mapper.createObjectNode().put("location", "eastus2");
                boolean attached = i % 2 == 1;
                if (!attached) {
                    // A NIC deployed ahead of its VM names the size it is for.
                    nic.putObject("tags").put("accelconn-vm-size", "Standard_D8s_v4");
                }
                nic.putObject("properties").put("enableAcceleratedNetworking", true);
                arm.putNic(id, nic);
                if (attached) {
                    // Half the NICs sit on a stop-deallocated VM: one more read, for its size and power state.
                    ObjectNode vm = mapper.createObjectNode().put("location", "eastus2");
                    ObjectNode props = vm.putObject("properties");
                    props.putObject("hardwareProfile").put("vmSize", "Standard_F16s_v2");
                    props.putObject("networkProfile").putArray("networkInterfaces").addObject().put("id", id);
                    arm.putVm(id.replace("Microsoft.Network/networkInterfaces/nic-", "Microsoft.Compute/virtualMachines/vm-"), vm,
                            "deallocated");
                }
                nics.add(id);
            }
            Map<String, String> config = Map.of(
                    "accelconn.storage.connection-string", azurite.connectionString(),
                    "accelconn.azure.cloud", "Custom",
                    "accelconn.azure.resource-manager-endpoint", arm.baseUrl() + "/",
                    "accelconn.azure.authentication", "static-token",
                    "accelconn.azure.static-token", "bench",
                    "accelconn.azure.lro.poll-interval", "PT0.01S",
                    // The bench sends faster than one subscription's ARM write budget; measure accelconn, not the bucket.
                    "accelconn.azure.throttle.write-burst", "100000",
                    "accelconn.azure.throttle.read-burst", "100000");
            try (AppProcess app = AppProcess.start(config)) {
                phase("applied", arm, app, nics, connections);
                // The same NICs again, with new event ids: what our own writes' events cost.
                phase("compliant", arm, app, nics, connections);
            }
        }
    }

    private static void phase(String label, ArmEmulator arm, AppProcess app, List<String> nics, int connections)
            throws InterruptedException {
        arm.resetCounts();
        HttpLoad.Result r = HttpLoad.post("127.0.0.1", app.port(), "/events", i -> event(nics.get(i)), connections,
                nics.size(), 120);
        System.out.printf("%-10s %s%n", label + ":", r.toString().replace("requests", "events"));
        System.out.println("           ARM per " + label + " event: " + perEvent(arm.counts(), r.requests()));
    }

    static Buffer event(String nicId) {
        return Buffer.buffer("""
                [{"id":"%s","topic":"/subscriptions/%s","subject":"%s","eventType":"Microsoft.Resources.ResourceWriteSuccess",
                  "eventTime":"2026-11-25T10:00:00Z","dataVersion":"2","metadataVersion":"1",
                  "data":{"resourceUri":"%s","operationName":"Microsoft.Network/networkInterfaces/write","status":"Succeeded"}}]"""
                .formatted(UUID.randomUUID(), SUB, nicId, nicId));
    }

    static String perEvent(Map<String, Long> counts, int events) {
        long reads = counts.getOrDefault("nic.get", 0L) + counts.getOrDefault("vm.get", 0L)
                + counts.getOrDefault("operation.get", 0L);
        long writes = counts.getOrDefault("nic.put", 0L);
        return String.format("%.2f reads (NIC %.2f, VM %.2f, operation polls %.2f), %.2f writes; total %,d requests",
                reads / (double) events, counts.getOrDefault("nic.get", 0L) / (double) events,
                counts.getOrDefault("vm.get", 0L) / (double) events,
                counts.getOrDefault("operation.get", 0L) / (double) events, writes / (double) events,
                counts.getOrDefault("total", 0L));
    }

    private EventsBenchmark() {
    }
}
