package io.accelconn.azure;

import java.util.List;

/**
 * One page of a subscription's inventory.
 *
 * @param nics         the NICs of the page, repeats already removed
 * @param next         where the following page starts; null when this was the last one
 * @param totalRecords Resource Graph's count of all NICs of the query, -1 when the source gives none
 * @param requests     requests this page cost (queries, or NIC and VM list pages)
 */
public record InventoryPage(List<FleetNic> nics, InventoryPosition next, long totalRecords, int requests) {
}
