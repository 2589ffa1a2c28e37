package io.accelconn.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the emulator does for the failure modes the write path must survive, seen on the wire:
 * operations that end Failed, answers lost after the work was done, and the power-state log.
 */
class ArmEmulatorFailuresTest {
    private static final String SUB = "00000000-1111-4222-8333-444444444444";
    private static final String NIC_ID = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/nic1";
    private static final String VM_ID = "/subscriptions/" + SUB + "/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1";
    private static final String VM_API = "?api-version=2024-07-01";
    private static ArmEmulator emulator;
    private static RawArm arm;

    @BeforeAll
    static void start() {
        emulator = ArmEmulator.start(EmulatorOptions.builder().lroPollsBeforeSucceeded(0).build());
        arm = new RawArm(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private static String accelerated(String sku) {
        ObjectNode body = Json.object();
        body.put("location", "eastus2");
        ObjectNode p = body.putObject("properties");
        p.put("enableAcceleratedNetworking", true);
        p.put("auxiliaryMode", "AcceleratedConnections");
        p.put("auxiliarySku", sku);
        return body.toString();
    }

    private static String seedNic() {
        ObjectNode nic = Json.object().put("location", "eastus2");
        nic.putObject("properties").put("enableAcceleratedNetworking", true);
        emulator.putNic(NIC_ID, nic);
        return emulator.nic(NIC_ID).orElseThrow().path("etag").asText();
    }

    @Test
    void anOperationFaultEndsTheNicPutFailedAndRollsItBack() {
        String etag = seedNic();
        emulator.inject(new OperationFault("PUT", "/networkInterfaces/nic1", "SubscriptionNotRegisteredForFeature", 1));
        RawArm.Reply put = arm.put(RawArm.nicPath(SUB, "rg1", "nic1"), accelerated("A2"), etag);
        assertEquals(200, put.status(), put.body());
        RawArm.Reply status = arm.get(put.header("Azure-AsyncOperation"));
        assertEquals("Failed", status.json().path("status").asText());
        assertEquals("SubscriptionNotRegisteredForFeature", status.errorCode());
        ObjectNode after = emulator.nic(NIC_ID).orElseThrow();
        assertEquals("Failed", after.path("properties").path("provisioningState").asText());
        assertEquals("None", after.path("properties").path("auxiliaryMode").asText("None"), "rolled back");
        assertEquals(0, emulator.nicWrites(NIC_ID), "a rolled-back write changed nothing");
    }

    @Test
    void aLostAnswerStoresTheWriteButAnswersA5xx() {
        String etag = seedNic();
        emulator.inject(new AnswerLoss("PUT", "/networkInterfaces/nic1", 502, 1));
        RawArm.Reply put = arm.put(RawArm.nicPath(SUB, "rg1", "nic1"), accelerated("A4"), etag);
        assertEquals(502, put.status());
        assertEquals("A4", emulator.nic(NIC_ID).orElseThrow().path("properties").path("auxiliarySku").asText());
        assertEquals(1, emulator.nicWrites(NIC_ID));
        RawArm.Reply again = arm.put(RawArm.nicPath(SUB, "rg1", "nic1"), accelerated("A4"), etag);
        assertEquals(412, again.status(), "the retry of a write that landed meets its own etag change");
        assertEquals(1, emulator.count("answer.lost"));
    }

    @Test
    void powerStatesAreLoggedThroughADeallocateAndAFailedStart() {
        ObjectNode vm = Json.object().put("location", "eastus2");
        vm.putObject("properties").putObject("hardwareProfile").put("vmSize", "Standard_D4s_v4");
        emulator.putVm(VM_ID, vm, "running");
        RawArm.Reply deallocate = arm.post(VM_ID + "/deallocate" + VM_API, "");
        assertEquals(202, deallocate.status());
        assertEquals("Succeeded", arm.get(deallocate.header("Azure-AsyncOperation")).json().path("status").asText());
        emulator.inject(new OperationFault("POST", "/start", "OSProvisioningTimedOut", 1));
        RawArm.Reply start = arm.post(VM_ID + "/start" + VM_API, "");
        RawArm.Reply status = arm.get(start.header("Azure-AsyncOperation"));
        assertEquals("Failed", status.json().path("status").asText());
        assertEquals("OSProvisioningTimedOut", status.errorCode());
        assertEquals(List.of("running", "deallocating", "deallocated", "starting", "deallocated"), emulator.powerStates(VM_ID));

        emulator.resizeVm(VM_ID, "Standard_D32s_v4");
        assertEquals("deallocated", emulator.powerState(VM_ID).orElseThrow(), "a resize keeps the power state");
        assertEquals("Standard_D32s_v4", emulator.vm(VM_ID).orElseThrow().path("properties").path("hardwareProfile")
                .path("vmSize").asText());
        assertNotEquals("\"1\"", emulator.vm(VM_ID).orElseThrow().path("etag").asText(), "the VM's etag moved on");
    }
}
