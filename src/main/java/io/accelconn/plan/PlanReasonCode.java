package io.accelconn.plan;

/**
 * Why {@code plan} cannot decide a NIC before deployment, or what it should be told about how it
 * decided. Policy reasons ({@code io.accelconn.policy.ReasonCode}) appear beside these under
 * their own names. The names are part of the public API.
 */
public enum PlanReasonCode {
    /** The NIC's region is known only at deployment (an expression ARM alone evaluates, or no location given). */
    REGION_UNRESOLVED,
    /** The VM's size is known only at deployment (a parameter without default, a deployment function). */
    VM_SIZE_UNRESOLVED,
    /** {@code enableAcceleratedNetworking} (or its Terraform attribute) is known only at deployment. */
    ACCELERATED_NETWORKING_UNRESOLVED,
    /** The NIC's auxiliary mode or SKU is an expression known only at deployment. */
    AUXILIARY_MODE_UNRESOLVED,
    /** The NIC's or its VM's tags are known only at deployment, so an opt-out or tier override tag cannot be read. */
    TAGS_UNRESOLVED,
    /** A VM of the template lists NICs by an expression known only at deployment; it may list this one. */
    VM_REFERENCE_UNRESOLVED,
    /** Several VMs list the NIC and disagree on size or region. */
    VMS_DISAGREE,
    /** The instances of a copy loop need different settings; one resource definition cannot say them all. */
    COPY_INSTANCES_DIFFER,
    /** Whether the NIC is deployed at all depends on a condition known only at deployment (a warning). */
    DEPLOYED_ON_CONDITION,
    /** Several VMs list the NIC; Azure attaches a NIC to one VM (a warning). */
    NIC_ON_SEVERAL_VMS,
    /** A nested template: its resources are not inspected. */
    NESTED_TEMPLATE,
    /** A linked template (templateLink): it is not fetched, so its resources are not inspected. */
    LINKED_TEMPLATE,
    /** A resource the template only refers to ({@code existing}): plan cannot set it; the event path and the sweep can. */
    EXISTING_RESOURCE,
    /** A VM scale set configures its NICs inside the set; not inspected. */
    SCALE_SET
}
