package io.accelconn.sweep;

import java.time.Instant;

import io.accelconn.azure.InventoryPosition;

/**
 * A work item's row in the checkpoints table (PartitionKey the run, RowKey the subscription):
 * its state, who holds it until when, where its inventory walk stands and what it counted so far.
 * Written after every page, ETag-conditional, by the worker holding the lease.
 */
final class Checkpoint {

    final String runId;
    final String subscriptionId;
    String etag;
    ItemState state = ItemState.QUEUED;
    int segment;
    String leaseOwner;
    Instant leaseUntil;
    InventoryPosition position = InventoryPosition.start();
    Tally tally = new Tally();
    int pages;
    long totalNics = -1;
    Instant createdAt;
    Instant startedAt;
    Instant updatedAt;
    Instant finishedAt;
    long activeMillis;
    int attempts;
    int resumes;
    int continuations;
    String lastError;

    Checkpoint(String runId, String subscriptionId) {
        this.runId = runId;
        this.subscriptionId = subscriptionId;
    }

    /** A worker held it and did not let go: it was cut off, and its current page may be half done. */
    boolean cutOff() {
        return state == ItemState.RUNNING && attempts > 0;
    }
}
