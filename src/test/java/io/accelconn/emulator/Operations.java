package io.accelconn.emulator;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-running operations. ARM gives no clock to wait on, so an operation finishes after a fixed
 * number of status polls: the client must poll to see it through, which is what the tests check.
 * The completion (provisioningState Succeeded, power state change) runs once, on the poll that
 * first reports Succeeded.
 */
final class Operations {

    static final class Operation {
        final String id;
        final Instant started = Instant.now();
        private int pollsLeft;
        private Runnable onSucceeded;
        private Instant ended;

        Operation(String id, int polls, Runnable onSucceeded) {
            this.id = id;
            this.pollsLeft = polls;
            this.onSucceeded = onSucceeded;
        }

        /** One status poll: true when the operation has (now) succeeded. */
        synchronized boolean poll() {
            if (ended != null) return true;
            if (pollsLeft > 0) {
                pollsLeft--;
                return false;
            }
            ended = Instant.now();
            Runnable r = onSucceeded;
            onSucceeded = null;
            r.run();
            return true;
        }

        synchronized Instant ended() {
            return ended;
        }
    }

    private final ConcurrentHashMap<String, Operation> byId = new ConcurrentHashMap<>();

    Operation start(int polls, Runnable onSucceeded) {
        Operation op = new Operation(UUID.randomUUID().toString(), polls, onSucceeded);
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
