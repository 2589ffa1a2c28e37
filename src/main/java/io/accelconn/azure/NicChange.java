package io.accelconn.azure;

import java.util.Map;

/**
 * What a decision wants a NIC to become.
 *
 * @param auxiliaryMode desired {@code auxiliaryMode}; null leaves the NIC's value alone
 * @param auxiliarySku  desired tier; null leaves the NIC's value alone
 * @param tags          tags that must be present with these values. Tags on the NIC that are
 *                      not named here are kept: the adapter merges, then writes, because a NIC
 *                      PUT replaces the whole tag set and dropping a user's tag is not ours to do.
 */
public record NicChange(String auxiliaryMode, String auxiliarySku, Map<String, String> tags) {

    public NicChange {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
