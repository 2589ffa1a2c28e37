package io.accelconn.plan;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One NIC of a template or plan, as {@code POST /plan} reports it.
 *
 * @param resource  where it is: {@code resources[3]}, {@code resources.nic1} (symbolic name) or the Terraform address
 * @param copyIndex the instance of a template copy loop, absent otherwise
 * @param name      its name, or the expression when the name is known only at deployment
 * @param region    its region, null when not known before deployment
 * @param vmSize    the size of the VM that lists it, null when not known
 * @param vms       the VMs that list it (resource or address)
 * @param tier      the tier the policy gives it, null when there is none to give
 * @param reasons   why the verdict is not {@code COMPLIANT} or {@code NEEDS_CHANGES}
 * @param warnings  what is worth knowing all the same
 * @param changes   what it needs; empty unless {@code NEEDS_CHANGES}
 * @param hcl       Terraform only: the attributes to add to its {@code azurerm_network_interface} block
 */
@RegisterForReflection
public record PlannedNic(String resource, @JsonInclude(JsonInclude.Include.NON_NULL) Integer copyIndex, String name,
        String region, String vmSize, List<String> vms, PlanVerdict verdict, String tier, List<PlanReason> reasons,
        List<PlanReason> warnings, List<PlanChange> changes, @JsonInclude(JsonInclude.Include.NON_NULL) String hcl) {

    public PlannedNic {
        vms = List.copyOf(vms);
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
        changes = List.copyOf(changes);
    }
}
