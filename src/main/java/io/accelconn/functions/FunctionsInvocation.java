package io.accelconn.functions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a custom handler answers the Functions host for a non-HTTP trigger:
 * {@code {"Outputs":{}, "Logs":[...], "ReturnValue":...}}. The host logs each line of
 * {@code Logs} and fails the invocation on any non-2xx status.
 */
@RegisterForReflection
public record FunctionsInvocation(@JsonProperty("Outputs") Map<String, Object> outputs,
        @JsonProperty("Logs") List<String> logs, @JsonProperty("ReturnValue") Object returnValue) {
}
