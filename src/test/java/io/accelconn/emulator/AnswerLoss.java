package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request that ARM carries out but whose answer is lost on the way back: the next {@code times}
 * matching requests are served normally (a PUT is stored, its operation started) and the client
 * is answered {@code status} with an ARM error body instead. What a gateway timeout or a dropped
 * connection after the write looks like to a client, which then retries a write that landed.
 *
 * @param method    HTTP method to match, or null for any
 * @param pathRegex regex found in the request path, case-insensitive; null matches all
 * @param status    the status the client sees instead (500-599)
 * @param times     how many matching requests; -1 = forever
 */
public record AnswerLoss(String method, String pathRegex, int status, int times) {

    public AnswerLoss {
        if (status < 500 || status > 599) throw new IllegalArgumentException("a lost answer looks like a 5xx, not " + status);
        if (times == 0 || times < -1) throw new IllegalArgumentException("times must be >= 1 or -1 (forever)");
    }

    static AnswerLoss fromJson(JsonNode n) {
        return new AnswerLoss(n.hasNonNull("method") ? n.get("method").asText() : null,
                n.hasNonNull("pathRegex") ? n.get("pathRegex").asText() : null, n.path("status").asInt(502),
                n.path("times").asInt(1));
    }
}
