package io.accelconn.azure;

import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;

import java.util.concurrent.TimeoutException;

/**
 * Waits for an ARM long-running operation to reach Succeeded. The SDK polls the
 * {@code Azure-AsyncOperation}/{@code Location} URL, waiting as the server's Retry-After
 * says and the configured interval otherwise.
 */
final class LongRunningOperations {

    private LongRunningOperations() {
    }

    /** Waits for Succeeded and returns the resource, which costs one more GET after the last poll. */
    static <T, U> U await(SyncPoller<PollResult<T>, U> poller, AzureConfig.Lro config, String operation,
            String resourceId) {
        awaitSucceeded(poller, config, operation, resourceId);
        return poller.getFinalResult();
    }

    /** Waits for Succeeded without fetching the final resource, for callers who know what they wrote. */
    static <T, U> void awaitSucceeded(SyncPoller<PollResult<T>, U> poller, AzureConfig.Lro config, String operation,
            String resourceId) {
        poller.setPollInterval(config.pollInterval());
        PollResponse<PollResult<T>> last;
        try {
            last = poller.waitForCompletion(config.timeout());
        } catch (RuntimeException e) {
            if (hasCause(e, TimeoutException.class)) {
                throw new LongRunningOperationException(operation, resourceId, "TimedOut after " + config.timeout(), null);
            }
            throw e;
        }
        if (last.getStatus() == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            return;
        }
        throw new LongRunningOperationException(operation, resourceId, status(last.getStatus()), errorCode(last));
    }

    /** As ARM spells the end states ({@code Failed}, {@code Canceled}); the SDK's name otherwise. */
    private static String status(LongRunningOperationStatus status) {
        if (status == LongRunningOperationStatus.FAILED) {
            return "Failed";
        }
        if (status == LongRunningOperationStatus.USER_CANCELLED) {
            return "Canceled";
        }
        return String.valueOf(status);
    }

    /** The operation's {@code error.code}: from the status document ARM answered the last poll with. */
    private static String errorCode(PollResponse<? extends PollResult<?>> last) {
        PollResult.Error error = last.getValue() == null ? null : last.getValue().getError();
        if (error == null || error.getResponseBody() == null) {
            return null;
        }
        return ArmErrors.errorCode(error.getResponseBody().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
