package io.accelconn.functions;

import java.util.List;

import io.accelconn.audit.AuditRecord;
import io.accelconn.events.AuditQueries;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code GET /audit?nicId=...&subscriptionId=...&from=...&to=...&limit=...}: the decisions
 * accelconn recorded, newest first.
 */
public class AuditFunction {

    @Inject
    AuditQueries queries;

    @Funq("audit")
    public List<AuditRecord> audit(AuditQueries.Filter filter) {
        return queries.find(filter);
    }
}
