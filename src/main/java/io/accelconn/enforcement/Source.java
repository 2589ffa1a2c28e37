package io.accelconn.enforcement;

import io.accelconn.logging.LogContext;

/**
 * Where a decision comes from: its id is the claim key with the NIC (one decision per source and
 * NIC), the rest is provenance for the audit record.
 *
 * @param id            an Event Grid / CloudEvents event id, or a sweep run id
 * @param form          {@code eventgrid}, {@code cloudevents}, {@code functions} or {@code sweep}
 * @param eventType     e.g. {@code Microsoft.Resources.ResourceWriteSuccess}; null for a sweep
 * @param operationName e.g. {@code Microsoft.Network/networkInterfaces/write}; null for a sweep
 * @param correlationId ties the record to ARM's correlation id; null when unknown
 */
public record Source(String id, String form, String eventType, String operationName, String correlationId) {

    public static final String SWEEP = "sweep";

    /** A sweep run: its id claims each NIC once per run. */
    public static Source sweep(String runId) {
        return new Source(runId, SWEEP, null, null, null);
    }

    /** A log scope with its id: {@code runId} for a sweep, {@code eventId} otherwise. */
    LogContext logContext() {
        return SWEEP.equals(form) ? LogContext.run(id) : LogContext.event(id);
    }
}
