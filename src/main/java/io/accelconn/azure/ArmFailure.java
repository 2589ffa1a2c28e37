package io.accelconn.azure;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpRequest;
import com.azure.core.management.exception.ManagementException;

import io.accelconn.api.WireText;

/**
 * Why a call failed, judged once for the whole write path: may trying again help?
 * <ul>
 * <li><b>Transient</b>: 408, 429 and busy 409, 401 (a token that could not be had just now),
 * 5xx, timeouts and broken connections (retried by {@link ArmRetryPolicy} until its budget ran
 * out), 412 races lost on every round, operations that did not end in time, and anything that is
 * not an ARM answer (Table Storage unavailable or refusing, an unexpected exception). Event Grid
 * should deliver the event again; the bound on transient failures per (event, NIC) ends it.</li>
 * <li><b>Permanent</b>: ARM refused the request itself: 400 (including
 * {@code SubscriptionNotRegisteredForFeature}), 403 ({@code AuthorizationFailed},
 * {@code LinkedAuthorizationFailed}), 404 of a VM or operation, other 4xx such as a 409 that is
 * not "busy", and long-running operations that ended {@code Failed} or {@code Canceled}.
 * Repeating the request gives the same answer: record it and stop.</li>
 * </ul>
 * The summary names the status, ARM's error code and the request, never ARM's message body:
 * callers and logs get codes, not raw answers.
 *
 * @param status       the HTTP status, 0 when there was no answer
 * @param armErrorCode ARM's {@code error.code} as ARM spells it, null when there was none
 * @param summary      a short, escaped sentence for logs and answers
 */
public record ArmFailure(Kind kind, int status, String armErrorCode, String summary) {

    public enum Kind {
        TRANSIENT, PERMANENT
    }

    public boolean permanent() {
        return kind == Kind.PERMANENT;
    }

    public static ArmFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ArmRetriesExhaustedException e) {
                return transientFailure(e.statusCode(), e.errorCode(), e.getMessage());
            }
            if (t instanceof ConcurrentNicUpdateException e) {
                return transientFailure(412, null, e.getMessage());
            }
            if (t instanceof LongRunningOperationException e) {
                String status = e.status() == null ? "" : e.status();
                boolean ended = status.equalsIgnoreCase("Failed") || status.equalsIgnoreCase("Canceled");
                return new ArmFailure(ended ? Kind.PERMANENT : Kind.TRANSIENT, 0, e.armErrorCode(), e.getMessage());
            }
            if (t instanceof ManagementException e && e.getResponse() != null) {
                return answered(e);
            }
            if (t instanceof HttpResponseException e && e.getResponse() != null) {
                // Not ARM: Table Storage (or the identity endpoint) is unavailable or refused; try later.
                return transientFailure(e.getResponse().getStatusCode(), null,
                        e.getClass().getSimpleName() + ": HTTP " + e.getResponse().getStatusCode());
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return transientFailure(0, null, "no answer: " + t.getClass().getSimpleName());
            }
        }
        return transientFailure(0, null, failure == null ? "unknown failure" : failure.getClass().getSimpleName());
    }

    private static ArmFailure answered(ManagementException e) {
        int status = e.getResponse().getStatusCode();
        String code = e.getValue() != null ? e.getValue().getCode() : null;
        HttpRequest request = e.getResponse().getRequest();
        String summary = "ARM answered " + status + (code == null ? "" : " " + code)
                + (request == null ? "" : " to " + request.getHttpMethod() + " " + ArmErrors.pathOf(request.getUrl()));
        boolean busy = ArmErrors.ANOTHER_OPERATION_IN_PROGRESS.equalsIgnoreCase(code)
                || ArmErrors.RETRYABLE_DUE_TO_ANOTHER_OPERATION.equalsIgnoreCase(code);
        boolean retryable = status == 401 || status == 408 || status == 412 || status == 429 || status >= 500 || busy;
        return new ArmFailure(retryable ? Kind.TRANSIENT : Kind.PERMANENT, status, code, WireText.escape(summary));
    }

    private static ArmFailure transientFailure(int status, String code, String summary) {
        return new ArmFailure(Kind.TRANSIENT, status, code, WireText.escape(summary));
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ": " + summary;
    }
}
