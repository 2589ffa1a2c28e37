package io.accelconn.sweep;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One queue message of a run. Without {@code page} and {@code lane}: sweep this subscription's
 * inventory. With them: one write lane of one inventory page, the NICs of that page the page's
 * worker chose for remediation and gave this lane (see {@link SweepWorker}). A continuation of an
 * item that ran out of time carries the next segment number; a message whose segment is behind the
 * checkpoint's was superseded (a redelivery racing its own continuation) and does nothing.
 */
@RegisterForReflection
public record WorkItem(String runId, String subscriptionId, int segment, Integer page, Integer lane) {

    public WorkItem(String runId, String subscriptionId, int segment) {
        this(runId, subscriptionId, segment, null, null);
    }

    boolean isLane() {
        return page != null && lane != null;
    }
}
