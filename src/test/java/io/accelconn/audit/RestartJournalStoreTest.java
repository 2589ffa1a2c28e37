package io.accelconn.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.data.tables.TableClient;

/** The restart journal table on a real Azurite: one row per VM, every change conditional on the version read. */
class RestartJournalStoreTest {

    static TableClient table;

    @BeforeAll
    static void table() {
        table = TestTables.fresh();
    }

    static String vm(String sub, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/RG-Edge/providers/Microsoft.Compute/virtualMachines/" + name;
    }

    @Test
    void oneOpenEntryPerVmAndNoBlindOverwrite() {
        RestartJournal journal = new RestartJournal(table);
        String sub = UUID.randomUUID().toString();
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        RestartEntry opened = journal.create(RestartEntry.open(vm(sub, "fw-1"), sub, "running", "evt-1", "h1", now))
                .orElseThrow();
        assertTrue(journal.create(RestartEntry.open(vm(sub, "FW-1"), sub, "running", "evt-2", "h2", now)).isEmpty(),
                "the open entry is the VM-level lock, whatever the id's case");

        RestartEntry deallocating = journal.replace(opened.deallocating(now.plusSeconds(1))).orElseThrow();
        assertEquals(Optional.empty(), journal.replace(opened.closed(null, now)), "a stale version changes nothing");

        RestartEntry read = journal.find(vm(sub, "fw-1"), sub).orElseThrow();
        assertEquals(RestartEntry.State.OPEN, read.state());
        assertEquals("evt-1", read.source());
        assertEquals("running", read.priorPowerState());
        assertEquals(now.plusSeconds(1), read.deallocateRequestedAt());
        assertEquals(1, journal.listOpen(sub).size());

        journal.replace(deallocating.starting(now.plusSeconds(2)).released("VM_START_FAILED AllocationFailed",
                now.plusSeconds(3))).orElseThrow();
        RestartEntry released = journal.find(vm(sub, "fw-1"), sub).orElseThrow();
        assertEquals(1, released.startAttempts());
        assertEquals(null, released.holder());
        assertEquals("VM_START_FAILED AllocationFailed", released.lastError());

        journal.replace(released.closed(null, now.plusSeconds(4))).orElseThrow();
        assertEquals(0, journal.listOpen(sub).size());
        assertEquals(RestartEntry.State.CLOSED, journal.find(vm(sub, "fw-1"), sub).orElseThrow().state());
    }
}
