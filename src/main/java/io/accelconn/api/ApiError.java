package io.accelconn.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of every 4xx/5xx accelconn answers: a reason code and a sentence. */
@RegisterForReflection
public record ApiError(String code, String message) {
}
