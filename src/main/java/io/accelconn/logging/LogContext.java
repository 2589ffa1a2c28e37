package io.accelconn.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.jboss.logging.MDC;

import io.accelconn.api.WireText;

/**
 * The MDC keys that tie log lines to a decision, set for the duration of a piece of work and
 * restored afterwards (work on pooled threads must not leak one event's keys into the next).
 * JSON logs carry them under {@code mdc}; the human-readable format prints them at the end.
 * Values come from the wire and are escaped first, so no caller can forge or split a log line.
 */
public final class LogContext implements AutoCloseable {

    public static final String EVENT_ID = "eventId";
    public static final String NIC_ID = "nicId";
    public static final String VM_ID = "vmId";
    public static final String RUN_ID = "runId";
    /**
     * Sent to ARM as {@code x-ms-correlation-request-id} by every ARM call made inside the scope,
     * so ARM's activity log and support find every call of one decision under this one id.
     */
    public static final String ARM_CORRELATION_ID = "armCorrelationId";

    /** Long enough for any ARM resource id or event id; longer values are cut and marked. */
    private static final int MAX_VALUE = 512;

    private final Map<String, Object> previous = new LinkedHashMap<>();

    private LogContext() {
    }

    /** The event being handled. */
    public static LogContext event(String eventId) {
        return new LogContext().put(EVENT_ID, eventId);
    }

    /** One NIC's decision, with a fresh ARM correlation id for the ARM calls it makes. */
    public static LogContext nic(String nicId) {
        return new LogContext().put(NIC_ID, nicId).put(ARM_CORRELATION_ID, UUID.randomUUID().toString());
    }

    /** Work on one VM (its read, a restart). */
    public static LogContext vm(String vmId) {
        return new LogContext().put(VM_ID, vmId);
    }

    /** One run of a sweep or another batch job. */
    public static LogContext run(String runId) {
        return new LogContext().put(RUN_ID, runId);
    }

    /** Runs {@code work} with {@code eventId} in the MDC. */
    public static <T> T withEvent(String eventId, Supplier<T> work) {
        try (LogContext ignored = event(eventId)) {
            return work.get();
        }
    }

    /** Runs {@code work} as one NIC's decision: {@code nicId} and a fresh {@code armCorrelationId} in the MDC. */
    public static <T> T withNic(String nicId, Supplier<T> work) {
        try (LogContext ignored = nic(nicId)) {
            return work.get();
        }
    }

    /** The current thread's ARM correlation id, or null outside a NIC's decision. */
    public static String armCorrelationId() {
        Object id = MDC.get(ARM_CORRELATION_ID);
        return id == null ? null : id.toString();
    }

    /** Adds a key to this scope; it is restored with the others on close. */
    public LogContext put(String key, String value) {
        if (!previous.containsKey(key)) {
            previous.put(key, MDC.get(key));
        }
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, WireText.escape(value, MAX_VALUE));
        }
        return this;
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
