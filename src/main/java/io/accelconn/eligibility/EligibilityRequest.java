package io.accelconn.eligibility;

import static io.accelconn.api.JsonFields.optionalBoolean;
import static io.accelconn.api.JsonFields.optionalGuid;
import static io.accelconn.api.JsonFields.optionalOneOf;
import static io.accelconn.api.JsonFields.optionalTags;
import static io.accelconn.api.JsonFields.requiredBoolean;
import static io.accelconn.api.JsonFields.requiredText;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.api.RequestRejected;
import io.accelconn.policy.AuxiliaryMode;
import io.accelconn.policy.Candidate;

/**
 * One candidate of {@code POST /eligibility}: {@code {"region", "vmSize", "acceleratedNetworking",
 * "subscriptionId"?, "tags"?, "vmTags"?, "auxiliaryMode"?, "attachedToRunningVm"?}}.
 */
public final class EligibilityRequest {

    static final Set<String> AUXILIARY_MODES = Set.of(AuxiliaryMode.NONE, AuxiliaryMode.ACCELERATED_CONNECTIONS,
            AuxiliaryMode.MAX_CONNECTIONS, AuxiliaryMode.FLOATING);

    private EligibilityRequest() {
    }

    /** @param path JSON path prefix for messages: "" for a single request, "[3]." in a batch */
    public static Candidate parse(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw RequestRejected.badRequest("INVALID_BODY", (path.isEmpty() ? "the body" : path)
                    + " must be a JSON object with region, vmSize and acceleratedNetworking");
        }
        return new Candidate(
                requiredText(node, "region", path, 64),
                requiredText(node, "vmSize", path, 64),
                requiredBoolean(node, "acceleratedNetworking", path),
                optionalGuid(node, "subscriptionId", path),
                optionalTags(node, "tags", path),
                optionalTags(node, "vmTags", path),
                optionalOneOf(node, "auxiliaryMode", path, AUXILIARY_MODES),
                optionalBoolean(node, "attachedToRunningVm", path));
    }
}
