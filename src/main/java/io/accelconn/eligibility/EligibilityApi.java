package io.accelconn.eligibility;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.api.RequestRejected;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code eligibility} function's contract: one candidate object answers one object, an
 * array of up to {@value #MAX_BATCH} answers an array in the same order. Every candidate of a
 * batch is validated before any is decided, so a bad batch is refused whole.
 */
@ApplicationScoped
public class EligibilityApi {

    public static final int MAX_BATCH = 1000;

    private final EligibilityService service;

    public EligibilityApi(EligibilityService service) {
        this.service = service;
    }

    public Object answer(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw RequestRejected.badRequest("MISSING_BODY", "send a candidate object or an array of them");
        }
        if (!body.isArray()) {
            return EligibilityAnswer.of(service.evaluate(EligibilityRequest.parse(body, "")));
        }
        if (body.isEmpty()) {
            throw RequestRejected.badRequest("EMPTY_BATCH", "the batch holds no candidates");
        }
        if (body.size() > MAX_BATCH) {
            throw RequestRejected.badRequest("BATCH_TOO_LARGE", "the batch holds " + body.size()
                    + " candidates; at most " + MAX_BATCH + " per call");
        }
        var candidates = new ArrayList<io.accelconn.policy.Candidate>(body.size());
        for (int i = 0; i < body.size(); i++) {
            candidates.add(EligibilityRequest.parse(body.get(i), "[" + i + "]."));
        }
        List<EligibilityAnswer> answers = new ArrayList<>(candidates.size());
        for (var c : candidates) {
            answers.add(EligibilityAnswer.of(service.evaluate(c)));
        }
        return answers;
    }
}
