package io.accelconn.events;

import static io.accelconn.events.EventsFixtures.SUB;
import static io.accelconn.events.EventsFixtures.putNic;
import static io.accelconn.events.EventsFixtures.putVm;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.data.tables.TableClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.audit.RestartEntry;
import io.accelconn.audit.RestartJournal;
import io.accelconn.emulator.ArmEmulator;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.SharedReference;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * What a finisher (here the {@code restart-journal} timer function) does with an open journal
 * entry, for each state the VM can be found in: it only ever starts a VM accelconn stopped, and
 * never touches one its owner stopped or deallocated.
 */
@QuarkusTest
@TestProfile(SafetyProfile.class)
class RestartJournalTest {

    ArmEmulator arm;
    RestartJournal journal;

    @BeforeEach
    void setUp() {
        arm = EventsFixtures.freshArm();
        journal = new RestartJournal(new TableClientBuilder().connectionString(Azurite.shared().connectionString())
                .tableName("AccelConnRestarts").buildClient());
        // The timer closes what earlier tests of this profile left; each test judges its own VMs.
        finish();
    }

    String vm(String power) {
        String nic = putNic(arm, SUB, "journal-" + UUID.randomUUID().toString().substring(0, 8), "eastus2", Map.of());
        return putVm(arm, "journal-" + UUID.randomUUID().toString().substring(0, 8), "Standard_D8s_v4", power, List.of(nic),
                Map.of(), OffsetDateTime.now());
    }

    /** An entry as a cycle leaves it: open, held by nobody, with or without the deallocation asked for. */
    void openEntry(String vmId, boolean deallocationRequested, String holder) {
        Instant past = Instant.now().minusSeconds(60);
        RestartEntry e = RestartEntry.open(vmId, SUB, "running", "evt-" + UUID.randomUUID(), holder, past);
        if (deallocationRequested) {
            e = e.deallocating(past);
        }
        assertTrue(journal.create(e).isPresent());
    }

    JsonNode finish() {
        return given().contentType(ContentType.JSON).body(SharedReference.text("functions/timer-trigger.request.captured.json"))
                .when().post("/restart-journal").then().statusCode(200).extract().as(JsonNode.class).path("ReturnValue");
    }

    RestartEntry entry(String vmId) {
        return journal.find(vmId, SUB).orElseThrow();
    }

    @Test
    void aVmAccelconnDeallocatedIsStartedAndTheEntryClosed() {
        String vm = vm("deallocated");
        openEntry(vm, true, null);
        JsonNode report = finish();
        assertEquals(1, report.path("started").asInt(), report.toString());
        assertEquals("running", arm.powerState(vm).orElseThrow());
        RestartEntry e = entry(vm);
        assertEquals(RestartEntry.State.CLOSED, e.state());
        assertNotNull(e.closedAt());
        assertEquals(1, e.startAttempts());
    }

    @Test
    void aVmDeallocatedWithoutAnAskedDeallocationIsLeftAsItsOwnerLeftIt() {
        String vm = vm("deallocated");
        openEntry(vm, false, null);
        finish();
        assertEquals(List.of("deallocated"), arm.powerStates(vm));
        assertEquals(RestartEntry.State.CLOSED, entry(vm).state());
        assertEquals("NOT_DEALLOCATED_BY_ACCELCONN", entry(vm).lastError());
    }

    @Test
    void aVmItsOwnerStoppedStaysStopped() {
        String vm = vm("stopped");
        openEntry(vm, true, null);
        finish();
        assertEquals(List.of("stopped"), arm.powerStates(vm));
        assertEquals(RestartEntry.State.CLOSED, entry(vm).state());
    }

    @Test
    void aRunningVmClosesItsEntry() {
        String vm = vm("running");
        openEntry(vm, true, null);
        finish();
        assertEquals(List.of("running"), arm.powerStates(vm));
        assertEquals(RestartEntry.State.CLOSED, entry(vm).state());
        assertNull(entry(vm).lastError());
    }

    @Test
    void aVmBetweenPowerStatesIsLeftForTheNextRun() {
        String vm = vm("deallocating");
        openEntry(vm, true, null);
        JsonNode report = finish();
        assertTrue(report.path("waiting").asInt() >= 1, report.toString());
        assertEquals(RestartEntry.State.OPEN, entry(vm).state());
        assertEquals(List.of("deallocating"), arm.powerStates(vm));
    }

    @Test
    void anEntryALiveCycleHoldsIsNotTouched() {
        String vm = vm("deallocated");
        Instant now = Instant.now();
        RestartEntry held = RestartEntry.open(vm, SUB, "running", "evt-live", "live-holder", now).deallocating(now);
        assertTrue(journal.create(held).isPresent());
        try {
            finish();
            assertEquals(List.of("deallocated"), arm.powerStates(vm), "the holder writes its NICs, then starts it");
            assertEquals(RestartEntry.State.OPEN, entry(vm).state());
            assertEquals("live-holder", entry(vm).holder());
        } finally {
            journal.replace(entry(vm).closed("test over", Instant.now())); // no live entry outlives the test
        }
    }

    @Test
    void anEntryWhoseVmIsGoneIsClosed() {
        String vm = EventsFixtures.vmId("journal-gone-" + UUID.randomUUID().toString().substring(0, 8));
        openEntry(vm, true, null);
        finish();
        assertEquals(RestartEntry.State.CLOSED, entry(vm).state());
        assertEquals("VM_NOT_FOUND", entry(vm).lastError());
    }
}
