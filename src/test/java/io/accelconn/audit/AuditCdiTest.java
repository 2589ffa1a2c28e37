package io.accelconn.audit;

import io.accelconn.storage.StorageConfig;
import io.accelconn.testsupport.AzuriteResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit store as Quarkus wires it: config mapping, Quarkus's Vert.x and Micrometer registry. */
@QuarkusTest
@QuarkusTestResource(value = AzuriteResource.class, restrictToAnnotatedClass = true)
class AuditCdiTest {

    @Inject
    AuditStore store;

    @Inject
    StorageConfig config;

    @Inject
    MeterRegistry registry;

    @Test
    void wiredThroughQuarkus() {
        assertEquals("AccelConnAudit", config.auditTable());
        String sub = UUID.randomUUID().toString();
        String nic = AuditStoreTest.nic("cdi-nic");
        double duplicatesBefore = registry.counter("accelconn.audit.duplicates").count();

        Claim claim = store.claim(sub, "evt-cdi", nic, Duration.ofMinutes(5));
        assertTrue(claim.acquired());
        store.complete(claim, AuditStoreTest.record(sub, "evt-cdi", nic, "APPLIED", Instant.now()));
        assertFalse(store.claim(sub, "evt-cdi", nic, Duration.ofMinutes(5)).acquired());

        assertEquals(duplicatesBefore + 1, registry.counter("accelconn.audit.duplicates").count());
        List<AuditRecord> records = store.query(new AuditQuery(sub, nic, null, null, 10));
        assertEquals(List.of("evt-cdi"), records.stream().map(AuditRecord::eventId).toList());
    }
}
