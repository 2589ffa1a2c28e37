package io.accelconn.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.api.JsonFields;
import io.accelconn.api.RequestRejected;
import io.accelconn.enforcement.EnforceConfig;
import io.accelconn.policy.ComplianceClass;

/**
 * The body of {@code POST /sweep}, every field optional: {@code subscriptions} (GUIDs),
 * {@code mode} ({@code audit}/{@code enforce}), {@code classes} (remediable classes). Read
 * strictly: a field accelconn does not know is refused rather than silently ignored.
 *
 * @param subscriptions lower-cased, without repeats; empty = the default scope
 * @param mode          null = the configured mode
 * @param classes       empty = the default remediable classes
 */
record SweepRequest(List<String> subscriptions, EnforceConfig.Mode mode, List<ComplianceClass> classes) {

    static final Set<ComplianceClass> REMEDIABLE = Set.of(ComplianceClass.DRIFT_TAGS, ComplianceClass.DRIFT_TIER,
            ComplianceClass.NOT_ENABLED_REMEDIABLE, ComplianceClass.NEEDS_REDEPLOY);
    static final List<ComplianceClass> DEFAULT_CLASSES = List.of(ComplianceClass.DRIFT_TAGS, ComplianceClass.DRIFT_TIER,
            ComplianceClass.NOT_ENABLED_REMEDIABLE);
    /** Resource Graph takes 1,000 subscriptions per query; far more than a sweep of one tenant needs. */
    static final int MAX_SUBSCRIPTIONS = 10_000;
    private static final Set<String> FIELDS = Set.of("subscriptions", "mode", "classes");

    static SweepRequest read(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new SweepRequest(List.of(), null, List.of());
        }
        if (!body.isObject()) {
            throw RequestRejected.badRequest("INVALID_BODY", "send a JSON object: {\"subscriptions\",\"mode\",\"classes\"}, each optional");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw RequestRejected.badRequest("UNKNOWN_FIELD", "unknown field '" + clip(f) + "'; the fields are " + FIELDS);
            }
        });
        return new SweepRequest(subscriptions(body.get("subscriptions")), mode(body), classes(body.get("classes")));
    }

    private static List<String> subscriptions(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_SUBSCRIPTIONS) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD,
                    "subscriptions must be an array of 1 to " + MAX_SUBSCRIPTIONS + " subscription GUIDs");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            var holder = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set("id", item);
            String guid = JsonFields.optionalGuid(holder, "id", "subscriptions[" + i + "].");
            if (guid == null) {
                throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, "subscriptions[" + i + "] must be a subscription GUID");
            }
            out.add(guid.toLowerCase(Locale.ROOT));
        }
        return new ArrayList<>(out);
    }

    private static EnforceConfig.Mode mode(JsonNode body) {
        String mode = JsonFields.optionalOneOf(body, "mode", "", Set.of("audit", "enforce"));
        return mode == null ? null : EnforceConfig.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    private static List<ComplianceClass> classes(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, "classes must be a non-empty array of " + REMEDIABLE);
        }
        Set<ComplianceClass> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            ComplianceClass cls = item.isTextual() ? parse(item.textValue()) : null;
            if (cls == null || !REMEDIABLE.contains(cls)) {
                throw RequestRejected.badRequest("CLASS_NOT_REMEDIABLE", "classes[" + i + "] must be one of " + REMEDIABLE
                        + "; the other classes are reported, never written");
            }
            out.add(cls);
        }
        return new ArrayList<>(out);
    }

    static ComplianceClass parse(String name) {
        try {
            return ComplianceClass.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String clip(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
