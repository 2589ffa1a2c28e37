package io.accelconn.azure;

import com.azure.core.http.rest.Response;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * VMs through ARM: size, power state and NICs in one GET ({@code $expand=instanceView}), and the
 * stop-deallocate / start that attaching or detaching a NIC needs.
 */
@ApplicationScoped
public class VmGateway {

    private static final String POWER_STATE = "powerstate/";

    private final ArmClients arm;

    @Inject
    public VmGateway(ArmClients arm) {
        this.arm = arm;
    }

    /** The VM with its power state; empty when ARM says 404. */
    public Optional<Vm> get(String vmId) {
        ResourceId id = ResourceId.parseVm(vmId);
        try {
            Response<VirtualMachineInner> response = client(id).getByResourceGroupWithResponse(
                    id.resourceGroup(), id.name(), InstanceViewTypes.INSTANCE_VIEW, Context.NONE);
            return Optional.ofNullable(response.getValue()).map(VmGateway::toVm);
        } catch (ManagementException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The VM with its power state, for a caller that knows it exists (a NIC names it): ARM's 404
     * is thrown as it came, so that it is recorded with ARM's error code.
     */
    public Vm require(String vmId) {
        ResourceId id = ResourceId.parseVm(vmId);
        Response<VirtualMachineInner> response = client(id).getByResourceGroupWithResponse(
                id.resourceGroup(), id.name(), InstanceViewTypes.INSTANCE_VIEW, Context.NONE);
        return toVm(response.getValue());
    }

    /** Stop-deallocates the VM and waits until ARM reports the operation Succeeded. */
    public void deallocate(String vmId) {
        ResourceId id = ResourceId.parseVm(vmId);
        LongRunningOperations.await(client(id).beginDeallocate(id.resourceGroup(), id.name(), null, Context.NONE),
                arm.config().lro(), "VM deallocate", vmId);
    }

    /** Starts the VM and waits until ARM reports the operation Succeeded. */
    public void start(String vmId) {
        ResourceId id = ResourceId.parseVm(vmId);
        LongRunningOperations.await(client(id).beginStart(id.resourceGroup(), id.name(), Context.NONE),
                arm.config().lro(), "VM start", vmId);
    }

    private VirtualMachinesClient client(ResourceId id) {
        return arm.virtualMachines(id.subscriptionId());
    }

    static Vm toVm(VirtualMachineInner inner) {
        List<String> nicIds = inner.networkProfile() == null || inner.networkProfile().networkInterfaces() == null
                ? List.of()
                : inner.networkProfile().networkInterfaces().stream()
                        .map(NetworkInterfaceReference::id).filter(Objects::nonNull).toList();
        String size = inner.hardwareProfile() == null || inner.hardwareProfile().vmSize() == null
                ? null : inner.hardwareProfile().vmSize().toString();
        return new Vm(inner.id(), inner.location(), size, powerState(inner), inner.timeCreated(), nicIds,
                NicMapping.withoutNulls(inner.tags()));
    }

    /** {@code PowerState/deallocated} (Resource Graph's form) -> {@code deallocated}; null stays null. */
    static String powerStateTail(String code) {
        return code != null && code.toLowerCase(Locale.ROOT).startsWith(POWER_STATE) ? code.substring(POWER_STATE.length()) : code;
    }

    /** {@code PowerState/deallocated} -> {@code deallocated}; null when the instance view has none. */
    static String powerState(VirtualMachineInner inner) {
        if (inner.instanceView() == null || inner.instanceView().statuses() == null) {
            return null;
        }
        for (InstanceViewStatus status : inner.instanceView().statuses()) {
            String code = status.code();
            if (code != null && code.toLowerCase(Locale.ROOT).startsWith(POWER_STATE)) {
                return code.substring(POWER_STATE.length());
            }
        }
        return null;
    }
}
