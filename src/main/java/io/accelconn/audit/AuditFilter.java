package io.accelconn.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The OData {@code $filter} for an {@link AuditQuery}. Values enter only as literals: strings
 * quoted with {@code '} doubled, times as {@code datetime'...'} in UTC, the subscription id only
 * after it parsed as a GUID.
 */
final class AuditFilter {

    private static final DateTimeFormatter ODATA_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditFilter() {
    }

    static String of(AuditQuery q) {
        List<String> terms = new ArrayList<>();
        if (q.subscriptionId() != null) {
            terms.add("PartitionKey eq " + string(AuditKeys.partitionKey(q.subscriptionId())));
        }
        terms.add(AuditEntities.STATE + " eq " + string(AuditEntities.DONE));
        if (q.nicId() != null) {
            terms.add(AuditEntities.NIC_ID + " eq " + string(TableText.fit(AuditKeys.nicKey(q.nicId()), TableText.SHORT * 2)));
        }
        if (q.from() != null) {
            terms.add(AuditEntities.DECIDED_AT + " ge " + dateTime(q.from()));
        }
        if (q.to() != null) {
            terms.add(AuditEntities.DECIDED_AT + " lt " + dateTime(q.to()));
        }
        return String.join(" and ", terms);
    }

    static String string(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * To the millisecond, as decidedAt is stored. A bound inside a millisecond rounds up: for a
     * stored time s, {@code s >= b} and {@code s < b} hold exactly when they hold for ceil(b).
     */
    static String dateTime(Instant instant) {
        return "datetime'" + ODATA_DATETIME.format(AuditEntities.dateTime(ceilMillis(instant)).toInstant()) + "'";
    }

    private static Instant ceilMillis(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.MILLIS);
        return floor.equals(instant) ? floor : floor.plusMillis(1);
    }
}
