package io.accelconn.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.emulator.ArmEmulator;
import io.accelconn.testsupport.ArmEmulatorResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** NICs, VMs and events as ARM and Event Grid shape them, for the event-path tests. */
final class EventsFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String SUB = "11111111-2222-4333-8444-555555555555";
    static final String OTHER_SUB = "99999999-2222-4333-8444-555555555555";
    static final String RG = "rg-nva";

    private EventsFixtures() {
    }

    /** The emulator of the running test profile, without the faults and counts of earlier tests. */
    static ArmEmulator freshArm() {
        ArmEmulator arm = ArmEmulatorResource.emulator();
        arm.clearFaults();
        arm.resetCounts();
        return arm;
    }

    /** One webhook delivery, as Event Grid posts it. */
    static Response post(String body) {
        return RestAssured.given().contentType(ContentType.JSON).body(body).when().post("/events");
    }

    static String nicId(String sub, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + RG + "/providers/Microsoft.Network/networkInterfaces/" + name;
    }

    static String vmId(String name) {
        return "/subscriptions/" + SUB + "/resourceGroups/" + RG + "/providers/Microsoft.Compute/virtualMachines/" + name;
    }

    /** A NIC as a deployment creates it: Accelerated Networking on, no auxiliary mode yet. */
    static String putNic(ArmEmulator arm, String sub, String name, String location, Map<String, String> tags) {
        String id = nicId(sub, name);
        ObjectNode nic = MAPPER.createObjectNode();
        nic.put("location", location);
        nic.set("tags", MAPPER.valueToTree(tags));
        ObjectNode props = nic.putObject("properties");
        props.put("enableAcceleratedNetworking", true);
        ObjectNode ipc = props.putArray("ipConfigurations").addObject();
        ipc.put("name", "ipconfig1");
        ipc.putObject("properties").put("privateIPAllocationMethod", "Dynamic").putObject("subnet")
                .put("id", "/subscriptions/" + sub + "/resourceGroups/" + RG
                        + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nva");
        arm.putNic(id, nic);
        return id;
    }

    static String putVm(ArmEmulator arm, String name, String size, String powerState, List<String> nicIds,
            Map<String, String> tags, OffsetDateTime created) {
        String id = vmId(name);
        ObjectNode vm = MAPPER.createObjectNode();
        vm.put("location", "eastus2");
        vm.set("tags", MAPPER.valueToTree(tags));
        ObjectNode props = vm.putObject("properties");
        props.putObject("hardwareProfile").put("vmSize", size);
        props.put("timeCreated", created.toString());
        var nics = props.putObject("networkProfile").putArray("networkInterfaces");
        for (int i = 0; i < nicIds.size(); i++) {
            nics.addObject().put("id", nicIds.get(i)).putObject("properties").put("primary", i == 0);
        }
        arm.putVm(id, vm, powerState);
        return id;
    }

    static String writeEvent(String eventId, String operation, String resourceUri) {
        return """
                {"id":"%s","topic":"/subscriptions/%s","subject":"%s",
                 "eventType":"Microsoft.Resources.ResourceWriteSuccess","eventTime":"2026-11-25T10:00:00Z",
                 "data":{"correlationId":"%s","resourceProvider":"%s","resourceUri":"%s",
                         "operationName":"%s","status":"Succeeded","subscriptionId":"%s"},
                 "dataVersion":"2","metadataVersion":"1"}"""
                .formatted(eventId, SUB, resourceUri, UUID.randomUUID(), operation.substring(0, operation.indexOf('/')),
                        resourceUri, operation, SUB);
    }

    static String nicEvent(String eventId, String nicId) {
        return writeEvent(eventId, ResourceEvent.NIC_WRITE, nicId);
    }

    static String batch(String... events) {
        return "[" + String.join(",", events) + "]";
    }
}
