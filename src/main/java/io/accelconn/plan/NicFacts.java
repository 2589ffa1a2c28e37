package io.accelconn.plan;

import java.util.List;
import java.util.Map;

/**
 * What a template or plan says about one NIC before deployment, in Azure's words, whatever the
 * source format. A fact known only at deployment is not in here: its reason is in {@code unresolved}.
 *
 * @param region                the NIC's region (null only with a reason in {@code unresolved})
 * @param vmSize                the size of the VM that lists it, or of its size tag; null when it has neither
 * @param acceleratedNetworking the NIC's Accelerated Networking setting (absent is off, as in ARM and azurerm)
 * @param auxiliaryMode         its {@code auxiliaryMode}, null when absent
 * @param auxiliarySku          its {@code auxiliarySku}, null when absent
 * @param tags                  its tags
 * @param vmTags                its VM's tags (empty without VM)
 * @param unresolved            what the decision needs and cannot have before deployment
 * @param warnings              what the report should say all the same
 * @param noVm                  why no size is known when {@code vmSize} is null (no VM lists the NIC)
 */
record NicFacts(String region, String vmSize, boolean acceleratedNetworking, String auxiliaryMode, String auxiliarySku,
        Map<String, String> tags, Map<String, String> vmTags, List<PlanReason> unresolved, List<PlanReason> warnings,
        String noVm) {

    NicFacts {
        tags = tags == null ? Map.of() : tags;
        vmTags = vmTags == null ? Map.of() : vmTags;
        unresolved = List.copyOf(unresolved);
        warnings = List.copyOf(warnings);
    }

    /** Azure attaches a NIC to one VM: several VMs listing it is worth a warning. */
    static void severalVms(List<String> vms, List<PlanReason> warnings) {
        if (vms.size() > 1) {
            warnings.add(PlanReason.of(PlanReasonCode.NIC_ON_SEVERAL_VMS,
                    "VMs " + vms + " all list this NIC; Azure attaches a NIC to one VM"));
        }
    }

    /** The size the VMs listing a NIC agree on so far; a different one is a reason, not a choice. */
    static String agreedSize(String sofar, String next, List<PlanReason> unresolved) {
        if (next != null && sofar != null && !next.equalsIgnoreCase(sofar)) {
            unresolved.add(PlanReason.of(PlanReasonCode.VMS_DISAGREE, "the VMs that list this NIC have sizes " + sofar
                    + " and " + next));
        }
        return next != null ? next : sofar;
    }
}
