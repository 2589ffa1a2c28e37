package io.accelconn.sweep;

/** Where a sweep run stands. The names are part of the public API (sweep reports). */
public enum RunStatus {
    /** Work items are queued or running. */
    RUNNING,
    /** Running, and at least one work item continues from a checkpoint after being cut off. */
    RESUMED,
    /** Every work item finished. */
    COMPLETED,
    /** Every work item ended and at least one failed for good (poison), or the run went stale. */
    FAILED;

    boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
