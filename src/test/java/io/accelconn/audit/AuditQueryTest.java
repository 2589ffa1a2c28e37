package io.accelconn.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AuditQueryTest {

    static final String SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

    @Test
    void limitIsOneToAThousand() {
        assertEquals("INVALID_LIMIT", assertThrows(InvalidAuditInputException.class,
                () -> new AuditQuery(null, null, null, null, 0)).code());
        assertEquals("INVALID_LIMIT", assertThrows(InvalidAuditInputException.class,
                () -> new AuditQuery(null, null, null, null, 1001)).code());
        new AuditQuery(null, null, null, null, 1000);
    }

    @Test
    void windowAndSubscriptionAreChecked() {
        Instant t = Instant.parse("2026-08-01T00:00:00Z");
        assertEquals("INVALID_TIME_WINDOW", assertThrows(InvalidAuditInputException.class,
                () -> new AuditQuery(null, null, t.plusSeconds(1), t, 10)).code());
        assertEquals("INVALID_SUBSCRIPTION_ID", assertThrows(InvalidAuditInputException.class,
                () -> new AuditQuery("' or true or '", null, null, null, 10)).code());
    }

    @Test
    void filterQuotesValuesAndLowerCasesTheNic() {
        AuditQuery q = new AuditQuery(SUB.toUpperCase(), "/Subscriptions/X/NIC'S ' or PartitionKey ne '",
                Instant.parse("2026-08-01T00:00:00Z"), Instant.parse("2026-08-02T00:00:00.000000001Z"), 10);
        assertEquals("PartitionKey eq '" + SUB + "' and state eq 'DONE'"
                        + " and nicId eq '/subscriptions/x/nic''s '' or partitionkey ne '''"
                        + " and decidedAt ge datetime'2026-08-01T00:00:00.000Z'"
                        + " and decidedAt lt datetime'2026-08-02T00:00:00.001Z'",
                AuditFilter.of(q));
    }

    @Test
    void onlyCompletedRecordsWithoutFilters() {
        assertEquals("state eq 'DONE'", AuditFilter.of(new AuditQuery(null, null, null, null, 1)));
    }
}
