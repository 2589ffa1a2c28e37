package io.accelconn.sweep;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One queue message of a run: sweep this subscription. A continuation of an item that ran out of
 * time carries the next segment number; a message whose segment is behind the checkpoint's was
 * superseded (a redelivery racing its own continuation) and does nothing.
 */
@RegisterForReflection
public record WorkItem(String runId, String subscriptionId, int segment) {
}
