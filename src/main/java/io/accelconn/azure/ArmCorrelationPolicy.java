package io.accelconn.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import io.accelconn.logging.LogContext;

/**
 * Sends the decision's {@code armCorrelationId} (from the MDC) as {@code x-ms-correlation-request-id}.
 * ARM keeps a correlation id the client sends and files every call under it, so the id in our log
 * lines is the one ARM's activity log and support know.
 * <p>
 * The SDK's sync methods are its async ones plus {@code block()}: the pipeline is assembled and its
 * policies run on the calling thread when {@code block()} subscribes, and the answer arrives on a
 * Vert.x event loop. So the MDC is read here, once per call before the retry policy, on the caller's
 * thread; retries copy the header. Outside a decision there is no id and ARM assigns its own.
 */
final class ArmCorrelationPolicy extends HttpPipelineSyncPolicy {

    static final HttpHeaderName CORRELATION_REQUEST_ID = HttpHeaderName.fromString("x-ms-correlation-request-id");

    /** Runs when the call is subscribed: on the caller's thread for the SDK's sync methods. */
    @Override
    protected void beforeSendingRequest(HttpPipelineCallContext context) {
        String id = LogContext.armCorrelationId();
        if (id != null && context.getHttpRequest().getHeaders().getValue(CORRELATION_REQUEST_ID) == null) {
            context.getHttpRequest().setHeader(CORRELATION_REQUEST_ID, id);
        }
    }
}
