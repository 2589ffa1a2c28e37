package io.accelconn.emulator;

/**
 * How an {@link ArmEmulator} behaves. Defaults keep tests fast and strict; benchmarks turn on
 * throttling and the recorded {@code Retry-After: 1} to see real pacing.
 *
 * @param port                    TCP port on 127.0.0.1; 0 picks a free one
 * @param pageSize                items per page of ARM list operations (NICs, VMs)
 * @param lroPollsBeforeSucceeded operation-status polls answered {@code InProgress} before {@code Succeeded}
 * @param requireIfMatch          an update of an existing NIC without If-Match gets 428 (accelconn's own contract, not ARM's)
 * @param enforceThrottling       an empty per-subscription token bucket answers 429 instead of only reporting 0 remaining
 * @param asyncRetryAfterSeconds  {@code Retry-After} sent with long-running operations (real ARM sends 1)
 */
public record EmulatorOptions(int port, int pageSize, int lroPollsBeforeSucceeded, boolean requireIfMatch,
                              boolean enforceThrottling, int asyncRetryAfterSeconds) {

    public EmulatorOptions {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (pageSize < 1) throw new IllegalArgumentException("pageSize must be >= 1: " + pageSize);
        if (lroPollsBeforeSucceeded < 0) throw new IllegalArgumentException("lroPollsBeforeSucceeded must be >= 0");
        if (asyncRetryAfterSeconds < 0) throw new IllegalArgumentException("asyncRetryAfterSeconds must be >= 0");
    }

    public static EmulatorOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().port(port).pageSize(pageSize).lroPollsBeforeSucceeded(lroPollsBeforeSucceeded)
                .requireIfMatch(requireIfMatch).enforceThrottling(enforceThrottling)
                .asyncRetryAfterSeconds(asyncRetryAfterSeconds);
    }

    public static final class Builder {
        private int port = 0;
        private int pageSize = 100;
        private int lroPollsBeforeSucceeded = 1;
        private boolean requireIfMatch = true;
        private boolean enforceThrottling = false;
        private int asyncRetryAfterSeconds = 0;

        public Builder port(int port) { this.port = port; return this; }
        public Builder pageSize(int pageSize) { this.pageSize = pageSize; return this; }
        public Builder lroPollsBeforeSucceeded(int polls) { this.lroPollsBeforeSucceeded = polls; return this; }
        public Builder requireIfMatch(boolean require) { this.requireIfMatch = require; return this; }
        public Builder enforceThrottling(boolean enforce) { this.enforceThrottling = enforce; return this; }
        public Builder asyncRetryAfterSeconds(int seconds) { this.asyncRetryAfterSeconds = seconds; return this; }

        public EmulatorOptions build() {
            return new EmulatorOptions(port, pageSize, lroPollsBeforeSucceeded, requireIfMatch, enforceThrottling,
                    asyncRetryAfterSeconds);
        }
    }
}
