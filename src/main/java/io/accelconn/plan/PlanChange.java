package io.accelconn.plan;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One setting a NIC needs: in a template the property path ({@code properties.auxiliarySku},
 * {@code apiVersion}, {@code tags.fastpathenabled}), in a Terraform plan the HCL attribute
 * ({@code auxiliary_sku}). {@code from} is null when the setting is absent.
 */
@RegisterForReflection
public record PlanChange(String field, Object from, Object to) {
}
