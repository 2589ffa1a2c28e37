package io.accelconn.sweep;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Where one work item (a subscription of a run) stands, as its checkpoint records it. */
public enum ItemState {
    /** Enqueued, not yet taken. */
    QUEUED,
    /** A worker holds it (or held it and was cut off: its lease then expires). */
    RUNNING,
    /** Its time budget ran out at a page boundary; a continuation item is queued. */
    PAUSED,
    DONE,
    /** Failed on its last delivery; the host moved the message to the poison queue. */
    FAILED;

    /** The states an item has not ended in. */
    static final Set<ItemState> UNFINISHED = Collections.unmodifiableSet(
            Arrays.stream(values()).filter(s -> !s.finished()).collect(Collectors.toCollection(() -> EnumSet.noneOf(ItemState.class))));

    boolean finished() {
        return this == DONE || this == FAILED;
    }
}
