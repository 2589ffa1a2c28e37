package io.accelconn.plan;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.api.RequestRejected;

/**
 * A deployment template as {@code POST /plan} receives it: bare (what {@code az bicep build} or
 * the portal's export writes), or inside a deployment request body
 * ({@code {"properties": {"template": ..., "parameters": ...}}}, or the same without
 * {@code properties}). Resources are an array, or with {@code languageVersion} 2.0 an object
 * keyed by symbolic name. The tree is kept as it came, so everything {@code plan} does not
 * change goes back to the caller as it was.
 *
 * @param template   the template, changed in place by the planner
 * @param parameters the supplied parameter values ({@code {"name": {"value": ...}}}), maybe empty
 * @param resources  its top-level resources in template order
 */
record ArmTemplate(ObjectNode template, JsonNode parameters, List<Resource> resources) {

    /** ARM refuses templates with more resources than this ("Template limits", copies included). */
    static final int MAX_RESOURCES = 800;

    /** @param label where it is, for people: {@code resources[3]} or {@code resources.nic1} */
    record Resource(String label, ObjectNode node) {
        String type() {
            return node.path("type").asText("");
        }
    }

    static boolean looksLikeTemplate(JsonNode body) {
        return body.path("properties").path("template").isObject() || body.path("template").isObject()
                || body.has("resources") && (body.has("$schema") || body.has("contentVersion")
                        || body.path("resources").isContainerNode());
    }

    static ArmTemplate read(JsonNode body) {
        JsonNode wrapper = body.path("properties").path("template").isObject() ? body.get("properties") : body;
        JsonNode template = wrapper.path("template").isObject() ? wrapper.get("template") : body;
        JsonNode parameters = wrapper == body && template == body ? null : wrapper.get("parameters");
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            throw invalid("INVALID_PARAMETERS", "parameters must be an object of {\"name\": {\"value\": ...}}");
        }
        if (parameters != null && parameters.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> p = it.next();
                if (!p.getValue().isObject() || !(p.getValue().has("value") || p.getValue().has("reference"))) {
                    throw invalid("INVALID_PARAMETERS", "parameters." + p.getKey()
                            + " must be {\"value\": ...} or {\"reference\": ...}, as in a parameters file");
                }
            }
        }
        for (String section : new String[] { "parameters", "variables" }) {
            if (template.has(section) && !template.get(section).isObject()) {
                throw invalid("INVALID_TEMPLATE", "the template's " + section + " must be an object");
            }
        }
        JsonNode res = template.get("resources");
        List<Resource> resources = new ArrayList<>();
        if (res != null && res.isArray()) {
            for (int i = 0; i < res.size(); i++) {
                resources.add(resource(res.get(i), "resources[" + i + "]"));
            }
        } else if (res != null && res.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = res.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                resources.add(resource(e.getValue(), "resources." + e.getKey()));
            }
        } else {
            throw invalid("INVALID_TEMPLATE", "the template's resources must be an array, or an object keyed by "
                    + "symbolic name (languageVersion 2.0)");
        }
        int count = count(res);
        if (count > MAX_RESOURCES) {
            throw invalid("TOO_MANY_RESOURCES", "the template declares " + count + " resources; ARM deploys at most "
                    + MAX_RESOURCES + " from one template");
        }
        return new ArmTemplate((ObjectNode) template, parameters, resources);
    }

    private static Resource resource(JsonNode node, String label) {
        if (!node.isObject() || !node.path("type").isTextual()) {
            throw invalid("INVALID_TEMPLATE", label + " must be an object with a type");
        }
        return new Resource(label, (ObjectNode) node);
    }

    /** Resources and their child resources; stops descending past the limit, so a huge body costs no more. */
    private static int count(JsonNode resources) {
        int n = 0;
        for (JsonNode r : resources) {
            n++;
            JsonNode children = r.path("resources");
            if (n <= MAX_RESOURCES && children.isContainerNode()) {
                n += count(children);
            }
        }
        return n;
    }

    private static RequestRejected invalid(String code, String message) {
        return RequestRejected.badRequest(code, message);
    }
}
