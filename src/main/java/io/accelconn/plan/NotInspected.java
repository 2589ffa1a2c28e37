package io.accelconn.plan;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A resource that may hold or touch NICs but that {@code plan} does not look into, and why. */
@RegisterForReflection
public record NotInspected(String resource, String type, String name, PlanReason reason) {
}
