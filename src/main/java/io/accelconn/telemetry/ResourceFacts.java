package io.accelconn.telemetry;

import java.time.Instant;

/**
 * What a report groups and splits a resource's samples by.
 *
 * @param tier      the Accelerated Connections tier ({@code A1}..{@code A8}); for a VM its NICs' highest; null when unknown
 * @param size      the VM size (a NIC's VM's), null when unknown
 * @param enabledAt when accelconn first applied Accelerated Connections (the audit table's first
 *                  {@code APPLIED} or {@code RESTARTED_AND_APPLIED}); for a VM its NICs' earliest; null when unknown
 */
public record ResourceFacts(String tier, String size, Instant enabledAt) {

    public static final ResourceFacts UNKNOWN = new ResourceFacts(null, null, null);
}
