package io.accelconn.telemetry;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.accelconn.api.JsonFields;
import io.accelconn.api.RequestRejected;
import io.accelconn.api.WireText;

/**
 * Reads {@code POST /cps} JSON: one sample object, or an array of them. Every sample is checked
 * before anything is written, and every bad one is named by its index in one answer.
 */
final class SampleJson {

    /** Bad samples named in one answer; more would only lengthen it. */
    static final int MAX_REPORTED = 20;

    private static final Set<String> FIELDS = Set.of("resourceId", "timestamp", "cps", "activeConnections",
            "failedConnections", "synRttUs", "retransmitPercent", "retransmitsPerConnection", "source", "kind", "labels");
    private static final List<String> SYN_RTT_FIELDS = List.of("p25", "p50", "mean", "p75", "p90", "p95", "p99", "p999",
            "p9999");

    private SampleJson() {
    }

    static List<CpsSample> read(JsonNode body, SampleRules rules, int maxSamples, Instant now) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw RequestRejected.badRequest("MISSING_BODY", "send a sample object or an array of samples");
        }
        boolean batch = body.isArray();
        if (!batch && !body.isObject()) {
            throw RequestRejected.badRequest("INVALID_BODY", "send a sample object or an array of samples, not "
                    + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (batch && body.isEmpty()) {
            throw RequestRejected.badRequest(SampleRules.EMPTY_BATCH, "the array holds no samples");
        }
        if (batch && body.size() > maxSamples) {
            throw RequestRejected.badRequest(SampleRules.BATCH_TOO_LARGE, "the array holds " + body.size()
                    + " samples; at most " + maxSamples + " per request (accelconn.telemetry.max-samples-per-request)");
        }
        List<CpsSample> samples = new ArrayList<>(batch ? body.size() : 1);
        List<String> errors = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < (batch ? body.size() : 1); i++) {
            try {
                samples.add(sample(batch ? body.get(i) : body, batch ? "[" + i + "]." : "", rules, now));
            } catch (RequestRejected e) {
                if (bad++ < MAX_REPORTED) {
                    errors.add(e.getMessage());
                }
            }
        }
        if (bad > 0) {
            throw RequestRejected.badRequest(SampleRules.INVALID_SAMPLES, bad + " of " + (batch ? body.size() : 1)
                    + " samples are invalid and nothing was written: " + String.join("; ", errors)
                    + (bad > MAX_REPORTED ? "; and " + (bad - MAX_REPORTED) + " more" : ""));
        }
        return samples;
    }

    private static CpsSample sample(JsonNode n, String path, SampleRules rules, Instant now) {
        if (!n.isObject()) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, (path.isEmpty() ? "the sample" : path.substring(0,
                    path.length() - 1)) + " must be an object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + WireText.escape(field, 80)
                        + " is not a sample field; fields are " + new java.util.TreeSet<>(FIELDS));
            }
        }
        String resourcePath = path + "resourceId";
        var resource = SampleRules.resource(JsonFields.requiredText(n, "resourceId", path, 1024), resourcePath);
        Instant timestamp = rules.timestamp(instant(JsonFields.requiredText(n, "timestamp", path, 64), path + "timestamp"),
                now, path + "timestamp");
        JsonNode cps = n.get("cps");
        if (cps == null || cps.isNull()) {
            throw RequestRejected.badRequest(JsonFields.MISSING_FIELD, path + "cps is required");
        }
        String source = JsonFields.optionalText(n, "source", path, 64);
        String kind = JsonFields.optionalText(n, "kind", path, 16);
        SampleKind parsedKind = kind == null ? SampleKind.POINT : SampleKind.parse(kind);
        if (parsedKind == null) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + "kind must be point, interval or run");
        }
        return new CpsSample(resource, timestamp, parsedKind,
                source == null ? CpsSample.API : SampleRules.source(source, path + "source"),
                number(n, "cps", path), count(n, "activeConnections", path), count(n, "failedConnections", path),
                synRtt(n.get("synRttUs"), path + "synRttUs"), optionalNumber(n, "retransmitPercent", path),
                optionalNumber(n, "retransmitsPerConnection", path), labels(n.get("labels"), path + "labels"));
    }

    static Instant instant(String value, String path) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path
                    + " must be an ISO-8601 time with an offset, such as 2026-11-25T10:00:00Z");
        }
    }

    private static double number(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (!v.isNumber()) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + field + " must be a number");
        }
        return SampleRules.figure(v.doubleValue(), path + field);
    }

    private static Double optionalNumber(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : number(n, field, path);
    }

    private static Long count(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + field + " must be a whole number");
        }
        return (long) SampleRules.figure(v.doubleValue(), path + field);
    }

    private static SynRtt synRtt(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return SynRtt.NONE;
        }
        if (!v.isObject()) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + " must be an object of microseconds: "
                    + SYN_RTT_FIELDS);
        }
        Double[] values = new Double[SYN_RTT_FIELDS.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int at = SYN_RTT_FIELDS.indexOf(e.getKey());
            if (at < 0) {
                throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + "." + WireText.escape(e.getKey(), 80)
                        + " is not one of " + SYN_RTT_FIELDS);
            }
            if (!e.getValue().isNumber()) {
                throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + "." + e.getKey() + " must be a number");
            }
            values[at] = SampleRules.figure(e.getValue().doubleValue(), path + "." + e.getKey());
        }
        return new SynRtt(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8]);
    }

    private static List<String> labels(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + " must be an array of strings");
        }
        List<String> raw = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + "[" + i + "] must be a string");
            }
            raw.add(v.get(i).textValue());
        }
        return SampleRules.labels(raw, path);
    }
}
