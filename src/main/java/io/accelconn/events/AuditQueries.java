package io.accelconn.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.accelconn.api.JsonFields;
import io.accelconn.api.RequestRejected;
import io.accelconn.audit.AuditQuery;
import io.accelconn.audit.AuditRecord;
import io.accelconn.audit.AuditStore;
import io.accelconn.azure.InvalidResourceIdException;
import io.accelconn.azure.ResourceId;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads decisions back, with the query checked before it reaches the table. */
@ApplicationScoped
public class AuditQueries {

    public static final int DEFAULT_LIMIT = 100;

    /** Query parameters of {@code GET /audit}; all optional. A bean because Funqy binds queries to setters. */
    public static class Filter {
        private String nicId;
        private String subscriptionId;
        private String from;
        private String to;
        private String limit;

        public String getNicId() {
            return nicId;
        }

        public void setNicId(String nicId) {
            this.nicId = nicId;
        }

        public String getSubscriptionId() {
            return subscriptionId;
        }

        public void setSubscriptionId(String subscriptionId) {
            this.subscriptionId = subscriptionId;
        }

        public String getFrom() {
            return from;
        }

        public void setFrom(String from) {
            this.from = from;
        }

        public String getTo() {
            return to;
        }

        public void setTo(String to) {
            this.to = to;
        }

        public String getLimit() {
            return limit;
        }

        public void setLimit(String limit) {
            this.limit = limit;
        }
    }

    private final AuditStore store;

    public AuditQueries(AuditStore store) {
        this.store = store;
    }

    public List<AuditRecord> find(Filter f) {
        Filter filter = f == null ? new Filter() : f;
        String nicId = null;
        String subscriptionId = filter.getSubscriptionId();
        if (filter.getNicId() != null && !filter.getNicId().isBlank()) {
            try {
                ResourceId id = ResourceId.parseNic(filter.getNicId());
                nicId = id.toString();
                subscriptionId = subscriptionId == null ? id.subscriptionId() : subscriptionId;
            } catch (InvalidResourceIdException e) {
                throw RequestRejected.badRequest(e.reasonCode(), "nicId: " + e.getMessage());
            }
        }
        if (subscriptionId != null && !subscriptionId.isBlank()) {
            try {
                subscriptionId = ResourceId.requireSubscriptionId(subscriptionId);
            } catch (InvalidResourceIdException e) {
                throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, "subscriptionId must be a subscription GUID");
            }
        } else {
            subscriptionId = null;
        }
        Instant from = instant("from", filter.getFrom());
        Instant to = instant("to", filter.getTo());
        if (from != null && to != null && from.isAfter(to)) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, "from is after to");
        }
        return store.query(new AuditQuery(subscriptionId, nicId, from, to, limit(filter.getLimit())));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, name + " must be an ISO-8601 instant such as "
                    + "2026-11-25T10:00:00Z");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, "limit is a number from 1 to 1000");
    }
}
