package io.accelconn.emulator;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-running operations. ARM gives no clock to wait on, so an operation finishes after a fixed
 * number of status polls: the client must poll to see it through, which is what the tests check.
 * The completion (provisioningState Succeeded, power state change) runs once, on the poll that
 * first reports the end; an operation created to fail ({@link OperationFault}) runs its rollback
 * there instead and reports {@code Failed} with its error code. As in ARM, an operation also ends
 * when nobody polls it (a client that gave up after failed polls): {@link #endStale} ends those
 * older than {@link #ENDS_UNPOLLED_AFTER}, so a VM is never left deallocating for ever.
 */
final class Operations {

    static final class Operation {
        final String id;
        final Instant started = Instant.now();
        /** The error code it ends with; null = Succeeded. */
        final String failureCode;
        private int pollsLeft;
        private Runnable onEnd;
        private Instant ended;

        Operation(String id, int polls, Runnable onSucceeded, String failureCode, Runnable onFailed) {
            this.id = id;
            this.pollsLeft = polls;
            this.failureCode = failureCode;
            this.onEnd = failureCode == null ? onSucceeded : onFailed;
        }

        /** One status poll: true when the operation has (now) ended, Succeeded or Failed. */
        synchronized boolean poll() {
            if (ended != null) return true;
            if (pollsLeft > 0) {
                pollsLeft--;
                return false;
            }
            ended = Instant.now();
            Runnable r = onEnd;
            onEnd = null;
            r.run();
            return true;
        }

        synchronized Instant ended() {
            return ended;
        }

        /** Ends it now if it has not ended, as ARM does without being asked. */
        synchronized void end() {
            pollsLeft = 0;
            poll();
        }

        /** {@code Succeeded}, {@code Failed} or, before the end, {@code InProgress}. */
        String status(boolean done) {
            return !done ? "InProgress" : failureCode == null ? "Succeeded" : "Failed";
        }
    }

    /** How long an operation nobody polls to its end takes to end anyway. */
    static final java.time.Duration ENDS_UNPOLLED_AFTER = java.time.Duration.ofSeconds(2);

    private final ConcurrentHashMap<String, Operation> byId = new ConcurrentHashMap<>();

    /** Ends every operation started more than {@link #ENDS_UNPOLLED_AFTER} ago that has not ended. */
    void endStale(Instant now) {
        for (Operation op : byId.values()) {
            if (op.ended() == null && op.started.plus(ENDS_UNPOLLED_AFTER).isBefore(now)) {
                op.end();
            }
        }
    }

    Operation start(int polls, Runnable onSucceeded) {
        return start(polls, onSucceeded, null, null);
    }

    /** An operation that ends Failed with {@code failureCode} (running {@code onFailed}) when that is not null. */
    Operation start(int polls, Runnable onSucceeded, String failureCode, Runnable onFailed) {
        Operation op = new Operation(UUID.randomUUID().toString(), polls, onSucceeded, failureCode, onFailed);
        byId.put(op.id, op);
        return op;
    }

    Operation get(String id) {
        return byId.get(id.toLowerCase(java.util.Locale.ROOT));
    }

    void clear() {
        byId.clear();
    }
}
