package io.accelconn.telemetry;

import java.util.List;

/**
 * What a write committed. Samples are numbered as the request listed them; a sample is in
 * {@code committed} only when the Table transaction holding it succeeded, and every other one is
 * in {@code notCommitted}: it may or may not be stored (an answer can be lost after the commit),
 * and sending it again is always safe.
 *
 * @param transactions sample transactions that succeeded
 * @param failure      why the write stopped, null when every sample was committed
 * @param transient_   the failure may pass: the client should send the samples not committed again
 */
public record WriteReport(int received, List<Integer> committed, List<Integer> notCommitted, int transactions,
        RuntimeException failure, boolean transient_) {

    public WriteReport {
        committed = List.copyOf(committed);
        notCommitted = List.copyOf(notCommitted);
    }

    public boolean complete() {
        return failure == null;
    }
}
