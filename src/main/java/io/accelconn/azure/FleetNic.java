package io.accelconn.azure;

/**
 * A NIC as the fleet inventory reports it, with what its VM says about it (size, power state,
 * tags), so that it can be classified without a read of its own.
 *
 * @param nic the NIC; without an ETag when it came from Resource Graph
 * @param vm  its VM (no NIC ids, as the inventory joins them the other way round); null when the
 *            NIC has no VM, or its VM was not found in the same listing
 */
public record FleetNic(Nic nic, Vm vm) {

    /** The lower-cased id: the inventory's order, and the sweep's position in it. */
    public String key() {
        return InventoryPosition.key(nic.id());
    }
}
