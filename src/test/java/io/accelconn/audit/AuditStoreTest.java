package io.accelconn.audit;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AuditStore against a real Azurite: claims, duplicates, takeovers, queries and sweep batches. */
class AuditStoreTest {

    static final Duration LEASE = Duration.ofMinutes(5);
    static final Instant T0 = Instant.parse("2026-08-01T12:00:00Z");

    static TableClient table;

    MutableClock clock;
    MeterRegistry registry;
    AuditStore store;
    String sub;

    @BeforeAll
    static void table() {
        table = TestTables.fresh();
    }

    @BeforeEach
    void store() {
        clock = new MutableClock(T0);
        registry = new SimpleMeterRegistry();
        store = new AuditStore(table, registry, clock);
        sub = UUID.randomUUID().toString(); // a partition of its own per test
    }

    @Test
    void aCompletedEventIsADuplicateOnRedelivery() {
        Claim first = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertTrue(first.acquired());
        AuditRecord record = record(sub, "evt-1", nic("fw-0"), "APPLIED", T0);
        store.complete(first, record);

        Claim again = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertFalse(again.acquired());
        assertFalse(again.inProgress());
        assertEquals(lowerCased(record), again.existing());
        assertEquals(1.0, count("accelconn.audit.duplicates"));
        assertEquals(1.0, count("accelconn.audit.records"));
    }

    @Test
    void aLiveClaimIsReportedInProgress() {
        assertTrue(store.claim(sub, "evt-1", nic("fw-0"), LEASE).acquired());
        clock.advance(LEASE.minusSeconds(1));
        Claim second = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertFalse(second.acquired());
        assertTrue(second.inProgress());
        assertNull(second.existing());
    }

    @Test
    void concurrentDeliveriesLetExactlyOneWorkerAcquire() throws Exception {
        int workers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (int round = 0; round < 20; round++) {
                String eventId = "evt-race-" + round;
                CountDownLatch ready = new CountDownLatch(workers);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Claim>> claims = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    claims.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return store.claim(sub, eventId, nic("fw-race"), LEASE);
                    }));
                }
                assertTrue(ready.await(10, TimeUnit.SECONDS));
                go.countDown();
                int acquired = 0;
                int inProgress = 0;
                Claim winner = null;
                for (Future<Claim> f : claims) {
                    Claim c = f.get(30, TimeUnit.SECONDS);
                    if (c.acquired()) {
                        acquired++;
                        winner = c;
                    } else if (c.inProgress()) {
                        inProgress++;
                    }
                }
                assertEquals(1, acquired, "round " + round);
                assertEquals(workers - 1, inProgress, "round " + round);
                store.complete(winner, record(sub, eventId, nic("fw-race"), "APPLIED", T0));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, store.query(new AuditQuery(sub, nic("fw-race"), null, null, 100)).size());
    }

    @Test
    void anExpiredClaimIsTakenOverAndItsOldHolderLosesIt() {
        Claim crashed = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertTrue(crashed.acquired());

        clock.advance(LEASE.plusSeconds(1));
        Claim retry = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertTrue(retry.acquired());
        assertEquals(1.0, count("accelconn.audit.takeovers"));

        assertThrows(ClaimLostException.class,
                () -> store.complete(crashed, record(sub, "evt-1", nic("fw-0"), "FAILED", T0)));
        store.release(crashed); // a stale release must not delete the new owner's claim
        AuditRecord applied = record(sub, "evt-1", nic("fw-0"), "APPLIED", T0.plusSeconds(400));
        store.complete(retry, applied);
        assertEquals(lowerCased(applied), store.claim(sub, "evt-1", nic("fw-0"), LEASE).existing());
    }

    @Test
    void aReleasedClaimCanBeClaimedAgain() {
        Claim first = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        store.release(first);
        Claim second = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertTrue(second.acquired());
        assertThrows(ClaimLostException.class, () -> store.complete(first, record(sub, "evt-1", nic("fw-0"), "APPLIED", T0)));

        store.complete(second, record(sub, "evt-1", nic("fw-0"), "APPLIED", T0));
        store.release(second); // after completion: the record stays
        assertNotNull(store.claim(sub, "evt-1", nic("fw-0"), LEASE).existing());
    }

    @Test
    void aReleasedClaimKeepsItsIntentAndCountsOnlyFailures() {
        Claim first = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        Intent intent = new Intent("{\"auxiliaryMode\":\"None\"}", "{\"auxiliaryMode\":\"AcceleratedConnections\"}",
                "APPLIED", 1, T0);
        Claim withIntent = store.recordIntent(first, intent);
        assertThrows(ClaimLostException.class, () -> store.recordIntent(first, intent), "only the version held");
        store.release(withIntent, "TRANSIENT_FAILURE: ARM answered 503", true);

        // Taken over at once, lease or not, with the intent and the count.
        Claim second = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertTrue(second.acquired());
        assertEquals(intent, second.intent());
        assertEquals(1, second.transientFailures());
        store.release(second, "VM_RESTART_IN_PROGRESS", false);
        Claim third = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertEquals(1, third.transientFailures(), "waiting for someone else is not a failure");

        AuditRecord applied = record(sub, "evt-1", nic("fw-0"), "APPLIED", T0);
        store.complete(third, applied);
        Claim duplicate = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertEquals(lowerCased(applied), duplicate.existing());
        assertNull(duplicate.intent(), "the record replaces the intent");
    }

    @Test
    void theArmErrorCodeOfAFailureIsKept() {
        Claim claim = store.claim(sub, "evt-f", nic("fw-0"), LEASE);
        AuditRecord r = record(sub, "evt-f", nic("fw-0"), "FAILED", T0);
        AuditRecord failed = new AuditRecord(r.subscriptionId(), r.nicId(), r.eventId(), r.correlationId(), r.source(),
                r.eventType(), r.operationName(), "FAILED", List.of("NIC_WRITE_FAILED"), "LinkedAuthorizationFailed", null,
                r.before(), r.before(), r.mode(), 5, 1, 0, T0);
        store.complete(claim, failed);
        AuditRecord stored = store.claim(sub, "evt-f", nic("fw-0"), LEASE).existing();
        assertEquals("LinkedAuthorizationFailed", stored.armErrorCode());
        assertEquals(List.of("NIC_WRITE_FAILED"), stored.reasons());
    }

    @Test
    void aRecordMustMatchItsClaim() {
        Claim claim = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertThrows(IllegalArgumentException.class, () -> store.complete(claim, record(sub, "evt-2", nic("fw-0"), "APPLIED", T0)));
        Claim notOurs = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        assertThrows(IllegalStateException.class, () -> store.complete(notOurs, record(sub, "evt-1", nic("fw-0"), "APPLIED", T0)));
    }

    @Test
    void hostileIdsRoundTrip() {
        String hostileNic = "/subscriptions/" + sub + "/resourceGroups/rg#1/providers/Microsoft.Network/"
                + "networkInterfaces/nic?x=1\\'; DROP";
        for (String eventId : AuditKeysTest.HOSTILE) {
            Claim claim = store.claim(sub, eventId, hostileNic, LEASE);
            assertTrue(claim.acquired(), () -> "claim for " + eventId.length() + " chars");
            store.complete(claim, record(sub, eventId, hostileNic, "APPLIED", T0));
            Claim again = store.claim(sub, eventId, hostileNic, LEASE);
            assertNotNull(again.existing());
            assertEquals(TableText.fit(eventId, TableText.SHORT), again.existing().eventId());
        }
        List<AuditRecord> all = store.query(new AuditQuery(sub, hostileNic.toUpperCase(), null, null, 1000));
        assertEquals(AuditKeysTest.HOSTILE.size(), all.size());
        assertTrue(all.stream().allMatch(r -> r.nicId().equals(hostileNic.toLowerCase())));
    }

    @Test
    void queriesByNicAndTimeWindowNewestFirst() {
        for (int i = 0; i < 5; i++) {
            write(record(sub, "evt-a" + i, nic("fw-a"), "APPLIED", T0.plusSeconds(60L * i)));
        }
        for (int i = 0; i < 3; i++) {
            write(record(sub, "evt-b" + i, nic("fw-b"), "UNCHANGED", T0.plusSeconds(30 + 60L * i)));
        }
        store.claim(sub, "evt-open", nic("fw-a"), LEASE); // claimed, not done: never listed

        List<AuditRecord> a = store.query(new AuditQuery(sub, nic("FW-A"), null, null, 100));
        assertEquals(List.of("evt-a4", "evt-a3", "evt-a2", "evt-a1", "evt-a0"), ids(a));

        assertEquals(List.of("evt-a4", "evt-a3"), ids(store.query(new AuditQuery(sub, nic("fw-a"), null, null, 2))));

        // half-open window [T0+60s, T0+180s)
        List<AuditRecord> window = store.query(new AuditQuery(sub, null, T0.plusSeconds(60), T0.plusSeconds(180), 100));
        assertEquals(List.of("evt-b2", "evt-a2", "evt-b1", "evt-a1"), ids(window));

        List<AuditRecord> all = store.query(new AuditQuery(sub, null, null, null, 1000));
        assertEquals(8, all.size());
        for (int i = 1; i < all.size(); i++) {
            assertFalse(all.get(i).decidedAt().isAfter(all.get(i - 1).decidedAt()));
        }
        assertEquals(List.of(), store.query(new AuditQuery(sub, "nic' or '1' eq '1", null, null, 10)));
    }

    @Test
    void queriesWithoutASubscriptionSpanPartitions() {
        String other = UUID.randomUUID().toString();
        String sharedNic = nic("fw-moved-" + UUID.randomUUID());
        write(record(sub, "evt-x", sharedNic, "APPLIED", T0));
        write(record(other, "evt-y", sharedNic, "APPLIED", T0.plusSeconds(1)));
        assertEquals(List.of("evt-y", "evt-x"), ids(store.query(new AuditQuery(null, sharedNic, null, null, 10))));
    }

    @Test
    void recordAllBatchesByPartitionAndIsIdempotent() {
        List<String> subs = List.of(sub, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        int[] sizes = {150, 60, 40};
        List<AuditRecord> records = new ArrayList<>();
        for (int s = 0; s < subs.size(); s++) {
            for (int i = 0; i < sizes[s]; i++) {
                records.add(record(subs.get(s), "sweep-42", nic("fw-" + i), "WOULD_APPLY", T0.plusMillis(i)));
            }
        }
        store.recordAll(records);
        assertEquals(4.0, count("accelconn.audit.transactions"), "150 -> 2, 60 -> 1, 40 -> 1");
        assertEquals(250.0, count("accelconn.audit.records"));
        for (int s = 0; s < subs.size(); s++) {
            assertEquals(sizes[s], store.query(new AuditQuery(subs.get(s), null, null, null, 1000)).size());
        }

        store.recordAll(records);
        for (int s = 0; s < subs.size(); s++) {
            assertEquals(sizes[s], store.query(new AuditQuery(subs.get(s), null, null, null, 1000)).size());
        }
        AuditRecord one = store.query(new AuditQuery(subs.get(1), nic("fw-7"), null, null, 1)).get(0);
        assertEquals(lowerCased(records.get(150 + 7)), one);
    }

    @Test
    void recordAllSplitsLargeRecordsUnderFourMebibytes() {
        List<AuditRecord> records = new ArrayList<>();
        String big = "{\"tags\":\"" + "€".repeat(29_000) + "\"}";
        for (int i = 0; i < 40; i++) {
            records.add(new AuditRecord(sub, nic("fw-" + i), "sweep-big", null, "sweep", null, null, "UNCHANGED",
                    List.of("ALREADY_COMPLIANT"), "A2", big, big, "audit", 1, 1, 0, T0));
        }
        store.recordAll(records);
        assertTrue(count("accelconn.audit.transactions") >= 2);
        List<AuditRecord> back = store.query(new AuditQuery(sub, null, null, null, 1000));
        assertEquals(40, back.size());
        assertEquals(big, back.get(0).before());
    }

    @Test
    void oversizedFieldsAreTruncatedNotRefused() {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            reasons.add("REASON_" + i);
        }
        String huge = "x".repeat(100_000);
        Claim claim = store.claim(sub, "evt-huge", nic("fw-0"), LEASE);
        store.complete(claim, new AuditRecord(sub, nic("fw-0"), "evt-huge", huge, "http", huge, huge, "APPLIED",
                reasons, "A8", huge, huge, "enforce", 5, 2, 1, T0));
        AuditRecord back = store.claim(sub, "evt-huge", nic("fw-0"), LEASE).existing();
        assertEquals(TableText.STATE_JSON, back.before().length());
        assertTrue(back.before().endsWith(TableText.TRUNCATED));
        assertEquals(TableText.SHORT, back.correlationId().length());
        assertEquals("REASON_0", back.reasons().get(0));
    }

    @Test
    void claimedEntitiesCarryTheirStateAndDoneOnesTheRecord() {
        Claim claim = store.claim(sub, "evt-1", nic("fw-0"), LEASE);
        TableEntity claimed = table.getEntity(claim.partitionKey(), claim.rowKey());
        assertEquals("CLAIMED", claimed.getProperty("state"));
        assertEquals(T0, ((java.time.OffsetDateTime) claimed.getProperty("claimedAt")).toInstant());

        store.complete(claim, record(sub, "evt-1", nic("fw-0"), "APPLIED", T0));
        List<TableEntity> done = new ArrayList<>();
        table.listEntities(new ListEntitiesOptions().setFilter("PartitionKey eq '" + sub + "' and decidedAt ge datetime'"
                + T0 + "'"), null, com.azure.core.util.Context.NONE).forEach(done::add);
        assertEquals(1, done.size(), "decidedAt filters server-side as a DateTime");
        assertEquals("DONE", done.get(0).getProperty("state"));
        assertEquals("[\"RULE_A\",\"RULE_B\"]", done.get(0).getProperty("reasons"));
    }

    @Test
    void weakEtagHeadersGetTheirClosingQuoteBack() {
        assertEquals("W/\"datetime'2026-08-01T12%3A00%3A00.1Z'\"", AuditStore.repairedWeakEtag("W/\"datetime'2026-08-01T12%3A00%3A00.1Z'"));
        assertEquals("W/\"datetime'x'\"", AuditStore.repairedWeakEtag("W/\"datetime'x'\""), "intact ones stay as they are");
        assertEquals("0x8D", AuditStore.repairedWeakEtag("0x8D"));
    }

    // ---- helpers ----

    private void write(AuditRecord r) {
        Claim c = store.claim(r.subscriptionId(), r.eventId(), r.nicId(), LEASE);
        store.complete(c, r);
    }

    private double count(String name) {
        return registry.counter(name).count();
    }

    static String nic(String name) {
        return "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/RG-Edge/providers/"
                + "Microsoft.Network/networkInterfaces/" + name;
    }

    static AuditRecord record(String sub, String eventId, String nicId, String decision, Instant decidedAt) {
        return new AuditRecord(sub, nicId, eventId, "corr-" + eventId, "eventgrid",
                "Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Network/networkInterfaces/write", decision,
                List.of("RULE_A", "RULE_B"), "A4", "{\"auxiliaryMode\":\"None\"}",
                "{\"auxiliaryMode\":\"AcceleratedConnections\",\"auxiliarySku\":\"A4\"}", "enforce", 42, 2, 1, decidedAt);
    }

    /** As stored: subscription and NIC ids lower-cased. */
    static AuditRecord lowerCased(AuditRecord r) {
        return new AuditRecord(r.subscriptionId().toLowerCase(), r.nicId().toLowerCase(), r.eventId(), r.correlationId(),
                r.source(), r.eventType(), r.operationName(), r.decision(), r.reasons(), r.tier(), r.before(), r.after(),
                r.mode(), r.latencyMillis(), r.armReads(), r.armWrites(), r.decidedAt());
    }

    private static List<String> ids(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::eventId).toList();
    }
}
