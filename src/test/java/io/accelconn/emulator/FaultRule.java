package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One injected failure or slowdown. Rules are checked in the order they were added, before normal
 * handling; the first matching rule that still has uses left applies.
 *
 * @param method            HTTP method to match, or null for any
 * @param pathRegex         regex found (not fully matched) in the request path, case-insensitive; null matches all
 * @param status            status to answer with; 0 = only delay, then serve normally
 * @param errorCode         ARM error code for the body, e.g. {@code RetryableErrorDueToAnotherOperation}
 * @param retryAfterSeconds value of the {@code Retry-After} header, or null for none
 * @param times             how many requests the rule applies to; -1 = forever
 * @param delayMillis       delay before answering (or before normal handling when status is 0)
 */
public record FaultRule(String method, String pathRegex, int status, String errorCode, Integer retryAfterSeconds,
                        int times, long delayMillis) {

    public FaultRule {
        if (status != 0 && (status < 100 || status > 599)) throw new IllegalArgumentException("bad status " + status);
        if (times == 0 || times < -1) throw new IllegalArgumentException("times must be >= 1 or -1 (forever)");
        if (delayMillis < 0) throw new IllegalArgumentException("delayMillis must be >= 0");
        if (status == 0 && delayMillis == 0) throw new IllegalArgumentException("a rule needs a status or a delay");
    }

    /** Answer {@code status} with {@code errorCode} to the next {@code times} matching requests. */
    public static FaultRule error(String method, String pathRegex, int status, String errorCode,
                                  Integer retryAfterSeconds, int times) {
        return new FaultRule(method, pathRegex, status, errorCode, retryAfterSeconds, times, 0);
    }

    /** Delay the next {@code times} matching requests, then serve them normally. */
    public static FaultRule delay(String method, String pathRegex, long delayMillis, int times) {
        return new FaultRule(method, pathRegex, 0, null, null, times, delayMillis);
    }

    /** Reads the admin-surface JSON; a missing {@code times} means once. */
    static FaultRule fromJson(JsonNode n) {
        return new FaultRule(
                text(n, "method"), text(n, "pathRegex"), n.path("status").asInt(0), text(n, "errorCode"),
                n.hasNonNull("retryAfterSeconds") ? n.get("retryAfterSeconds").asInt() : null,
                n.path("times").asInt(1), n.path("delayMillis").asLong(0));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
