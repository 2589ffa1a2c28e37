package io.accelconn.functions;

import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.eligibility.EligibilityApi;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** {@code POST /eligibility}: may these NICs get Accelerated Connections, and with which tier and tags? */
public class EligibilityFunction {

    @Inject
    EligibilityApi api;

    /** The body is taken as a tree so that shape errors are answered with a reason code, not Funqy's bare 400. */
    @Funq("eligibility")
    public Object eligibility(JsonNode body) {
        return api.answer(body);
    }
}
