package io.accelconn.events;

import java.time.Instant;

import io.accelconn.enforcement.Source;

/**
 * A resource event as accelconn reads it, whichever form it came in: the Event Grid schema,
 * CloudEvents 1.0, or the Functions host's eventGridTrigger envelope. Only identification is
 * taken from the payload; the state it acts on is always read fresh from ARM.
 *
 * @param id            the event id, the idempotency key of a delivery
 * @param type          {@code eventType} / {@code type}, e.g. {@code Microsoft.Resources.ResourceWriteSuccess}
 * @param time          {@code eventTime} / {@code time}, null when absent or unreadable
 * @param operationName {@code data.operationName}, e.g. {@code Microsoft.Network/networkInterfaces/write}
 * @param resourceUri   {@code data.resourceUri}, else the subject
 * @param correlationId {@code data.correlationId}: ties the event to the ARM deployment
 * @param form          {@code eventgrid}, {@code cloudevents} or {@code functions}
 */
public record ResourceEvent(String id, String type, Instant time, String operationName, String resourceUri,
        String correlationId, String form) {

    public static final String WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
    public static final String NIC_WRITE = "Microsoft.Network/networkInterfaces/write";
    public static final String VM_WRITE = "Microsoft.Compute/virtualMachines/write";

    public boolean isNicWrite() {
        return WRITE_SUCCESS.equalsIgnoreCase(type) && NIC_WRITE.equalsIgnoreCase(operationName);
    }

    public boolean isVmWrite() {
        return WRITE_SUCCESS.equalsIgnoreCase(type) && VM_WRITE.equalsIgnoreCase(operationName);
    }

    /** The event as the write path's source: its id claims each NIC once. */
    public Source source() {
        return new Source(id, form, type, operationName, correlationId);
    }
}
