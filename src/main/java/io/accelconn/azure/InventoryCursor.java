package io.accelconn.azure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.resourcegraph.models.QueryResponse;

/**
 * One subscription's inventory, a page per {@link #next()}: see {@link FleetInventory#cursor}.
 * Not thread-safe: one work item walks one cursor.
 * <p>
 * Through ARM, NICs carry no VM facts, so the subscription's VMs are listed once (twice in fact:
 * the plain list has size and tags, {@code statusOnly=true} only the power state) and kept as a
 * map for the cursor's life. That map grows with the subscription's VMs, never with the fleet.
 */
public final class InventoryCursor {

    private static final Logger LOG = Logger.getLogger(InventoryCursor.class);

    private final FleetInventory inventory;
    private final ArmClients arm;
    private final String subscriptionId;
    private InventoryPosition position;
    private Map<String, Vm> vms;
    private boolean done;

    InventoryCursor(FleetInventory inventory, ArmClients arm, String subscriptionId, InventoryPosition start) {
        this.inventory = inventory;
        this.arm = arm;
        this.subscriptionId = subscriptionId;
        this.position = start;
    }

    /** Where the next page starts. */
    public InventoryPosition position() {
        return position;
    }

    /** The next page, or null after the last one. */
    public InventoryPage next() {
        if (done) {
            return null;
        }
        InventoryPage page;
        if (position.source() == InventoryPosition.Source.GRAPH) {
            try {
                page = graphPage();
            } catch (RuntimeException e) {
                LOG.warnf("Resource Graph inventory of subscription %s failed (%s); continuing through ARM lists after %s",
                        subscriptionId, e.getMessage(), position.lastKey() == null ? "the start" : position.lastKey());
                position = new InventoryPosition(InventoryPosition.Source.ARM, null, position.lastKey());
                page = armPage(1);
            }
        } else {
            page = armPage(0);
        }
        if (page.next() == null) {
            done = true;
        } else {
            position = page.next();
        }
        return page;
    }

    @SuppressWarnings("unchecked")
    private InventoryPage graphPage() {
        QueryResponse response = inventory.query(List.of(subscriptionId), position.token());
        List<Object> rows = response.data() instanceof List<?> list ? (List<Object>) list : List.of();
        List<FleetNic> nics = new ArrayList<>(rows.size());
        String lastKey = position.lastKey();
        for (Object row : rows) {
            if (!(row instanceof Map<?, ?> map)) {
                continue;
            }
            FleetNic nic = FleetInventory.toFleetNic((Map<String, Object>) map);
            if (nic == null || lastKey != null && nic.key().compareTo(lastKey) <= 0) {
                continue; // a repeat: paging while the fleet changes, or a page read again after a restart
            }
            nics.add(nic);
            lastKey = nic.key();
        }
        String token = response.skipToken();
        InventoryPosition next = token == null || token.isEmpty() ? null
                : new InventoryPosition(InventoryPosition.Source.GRAPH, token, lastKey);
        long total = response.totalRecords();
        return new InventoryPage(nics, next, total, 1);
    }

    /** @param extraRequests requests already spent on this page (a failed Graph query) */
    private InventoryPage armPage(int extraRequests) {
        int requests = extraRequests;
        if (vms == null) {
            requests += loadVms();
        }
        PagedResponse<NetworkInterfaceInner> page = firstPage(
                arm.networkInterfaces(subscriptionId).list(Context.NONE).iterableByPage(position.token()).iterator());
        requests++;
        List<FleetNic> nics = new ArrayList<>();
        for (NetworkInterfaceInner inner : page == null ? List.<NetworkInterfaceInner>of() : page.getValue()) {
            Nic nic = NicMapping.toNic(inner, null);
            FleetNic fleetNic = new FleetNic(nic, nic.vmId() == null ? null : vms.get(InventoryPosition.key(nic.vmId())));
            if (!position.passed(fleetNic.key())) { // Resource Graph already gave it before it failed
                nics.add(fleetNic);
            }
        }
        String nextLink = page == null ? null : page.getContinuationToken();
        InventoryPosition next = nextLink == null || nextLink.isEmpty() ? null
                : new InventoryPosition(InventoryPosition.Source.ARM, nextLink, position.lastKey());
        return new InventoryPage(nics, next, -1, requests);
    }

    /** The subscription's VMs by lower-cased id: size and tags from the list, power state from {@code statusOnly}. */
    private int loadVms() {
        Map<String, Vm> byId = new HashMap<>();
        int[] requests = {0};
        var client = arm.virtualMachines(subscriptionId);
        client.list(null, null, null, Context.NONE).iterableByPage().forEach(page -> {
            requests[0]++;
            for (VirtualMachineInner inner : page.getValue()) {
                Vm vm = VmGateway.toVm(inner);
                byId.put(InventoryPosition.key(vm.id()), new Vm(vm.id(), vm.location(), vm.size(), null, vm.timeCreated(),
                        List.of(), vm.tags()));
            }
        });
        client.list("true", null, null, Context.NONE).iterableByPage().forEach(page -> {
            requests[0]++;
            for (VirtualMachineInner inner : page.getValue()) {
                Vm known = inner.id() == null ? null : byId.get(InventoryPosition.key(inner.id()));
                if (known != null) {
                    byId.put(InventoryPosition.key(known.id()), new Vm(known.id(), known.location(), known.size(),
                            VmGateway.powerState(inner), known.timeCreated(), List.of(), known.tags()));
                }
            }
        });
        vms = Collections.unmodifiableMap(byId);
        return requests[0];
    }

    private static <T> T firstPage(java.util.Iterator<T> pages) {
        return pages.hasNext() ? pages.next() : null;
    }
}
