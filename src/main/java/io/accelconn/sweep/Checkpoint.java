package io.accelconn.sweep;

import java.time.Instant;

import io.accelconn.azure.InventoryPosition;

/**
 * A work item's row in the checkpoints table (PartitionKey the run, RowKey the subscription, or
 * {@link #laneKey} for a write lane): its state, who holds it until when, where its inventory walk
 * stands and what it counted so far. Written after every page (a lane's when it ends or pauses),
 * ETag-conditional, by the worker holding the lease.
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
    /** A lane's inventory page, -1 for a subscription's item. */
    int page = -1;
    /** A lane's number on its page, -1 for a subscription's item. */
    int lane = -1;
    /** How many lanes its page has: a lane writes at {@code 1/lanes} of the sweep's rate. */
    int lanes;
    /** A lane's first write slot. */
    Instant writesFrom;
    /** When a lane's writes should end at its pace: its ETA. */
    Instant writesUntil;
    /** A subscription's item: the page whose lanes must end before the next page is read, -1 when none. */
    int awaitPage = -1;

    Checkpoint(String runId, String subscriptionId) {
        this.runId = runId;
        this.subscriptionId = subscriptionId;
    }

    static Checkpoint lane(String runId, String subscriptionId, int page, int lane) {
        Checkpoint cp = new Checkpoint(runId, subscriptionId);
        cp.page = page;
        cp.lane = lane;
        return cp;
    }

    boolean isLane() {
        return lane >= 0;
    }

    /** The RowKey: the subscription, or {@code <subscription>_p<page>_l<lane>} for a lane. */
    String rowKey() {
        return isLane() ? laneKey(subscriptionId, page, lane) : subscriptionId;
    }

    static String laneKey(String subscriptionId, int page, int lane) {
        return pageLanesPrefix(subscriptionId, page) + String.format("%03d", lane);
    }

    /** The RowKeys of a page's lanes all start with this. */
    static String pageLanesPrefix(String subscriptionId, int page) {
        return subscriptionId + "_p" + String.format("%06d", page) + "_l";
    }

    /** A worker held it and did not let go: it was cut off, and its current page may be half done. */
    boolean cutOff() {
        return state == ItemState.RUNNING && attempts > 0;
    }
}
