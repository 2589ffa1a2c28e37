package io.accelconn.enforcement;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.audit.AuditRecord;
import io.accelconn.audit.AuditStore;
import io.accelconn.audit.Claim;
import io.accelconn.audit.Intent;
import io.accelconn.policy.NicSettings;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The (source, NIC) claims of the write path, on the audit table: who works on a NIC for an
 * event or run, the intent of its write, and its one record. NIC states travel as the JSON the
 * records show ({@code {"auxiliaryMode","auxiliarySku","tags"}}).
 */
@ApplicationScoped
class Claims {

    /** A concurrent delivery holds the claim, and kept it past {@code duplicate-wait}. */
    static final class HeldElsewhere extends RuntimeException {
        HeldElsewhere() {
            super(null, null, false, false);
        }
    }

    private final AuditStore audit;
    private final EnforceConfig config;
    private final ObjectMapper mapper;

    Claims(AuditStore audit, EnforceConfig config, ObjectMapper mapper) {
        this.audit = audit;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * The claim of (source, NIC): acquired, or completed (a duplicate). A concurrent delivery waits
     * a little for the first to finish.
     *
     * @throws HeldElsewhere the other delivery did not finish within {@code duplicate-wait}
     */
    Claim acquire(Source source, String subscriptionId, String nicId) {
        long waitUntil = System.nanoTime() + config.duplicateWait().toNanos();
        while (true) {
            Claim claim = audit.claim(subscriptionId, source.id(), nicId, config.claimLease());
            if (!claim.inProgress()) {
                return claim;
            }
            if (System.nanoTime() > waitUntil) {
                throw new HeldElsewhere();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new HeldElsewhere();
            }
        }
    }

    Claim recordIntent(Claim claim, NicSettings before, NicSettings target, Decision decision, int armWrites) {
        return audit.recordIntent(claim, new Intent(json(before), json(target), decision.name(), armWrites, Instant.now()));
    }

    void release(Claim claim, String lastError, boolean failure) {
        audit.release(claim, lastError, failure);
    }

    void complete(Claim claim, Source source, String subscriptionId, NicDecision d, NicSettings before, NicSettings after,
            EnforceConfig.Mode mode, long latencyMillis) {
        audit.complete(claim, new AuditRecord(subscriptionId.toLowerCase(Locale.ROOT), d.nicId(), source.id(),
                source.correlationId(), source.form(), source.eventType(), source.operationName(), d.decision().name(),
                d.reasons(), d.armErrorCode(), d.tier(), json(before), json(after), mode.wire(), latencyMillis, d.armReads(),
                d.armWrites(), Instant.now()));
    }

    String json(NicSettings s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auxiliaryMode", s.auxiliaryMode());
        m.put("auxiliarySku", s.auxiliarySku());
        // sorted so the same state always reads the same in the audit table, whatever map ARM's JSON became
        m.put("tags", s.tags() == null ? null : new TreeMap<>(s.tags()));
        try {
            return mapper.writeValueAsString(m);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    NicSettings settings(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode n = mapper.readTree(json);
            Map<String, String> tags = new LinkedHashMap<>();
            n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            return new NicSettings(n.path("auxiliaryMode").asText(null), n.path("auxiliarySku").asText(null), tags);
        } catch (JsonProcessingException e) {
            return null; // an unreadable intent is no intent: the NIC is judged afresh
        }
    }
}
