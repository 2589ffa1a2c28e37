package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/** "Nothing lost": every leaf of {@code expected} is in {@code actual} with the same value. */
final class JsonSubset {
    private JsonSubset() {
    }

    static void assertContains(JsonNode expected, JsonNode actual, Set<String> ignoredPaths) {
        List<String> problems = new ArrayList<>();
        walk(expected, actual, "", ignoredPaths, problems);
        if (!problems.isEmpty()) fail("JSON differs:\n  " + String.join("\n  ", problems));
    }

    private static void walk(JsonNode exp, JsonNode act, String path, Set<String> ignored, List<String> problems) {
        if (ignored.contains(path)) return;
        if (act == null || act.isMissingNode()) {
            problems.add(path + ": missing (expected " + exp + ")");
            return;
        }
        if (exp.isObject()) {
            if (!act.isObject()) {
                problems.add(path + ": expected an object, got " + act);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = exp.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                walk(f.getValue(), act.get(f.getKey()), path + "/" + f.getKey(), ignored, problems);
            }
        } else if (exp.isArray()) {
            if (!act.isArray() || act.size() != exp.size()) {
                problems.add(path + ": expected array " + exp + ", got " + act);
                return;
            }
            for (int i = 0; i < exp.size(); i++) walk(exp.get(i), act.get(i), path + "/" + i, ignored, problems);
        } else if (exp.isNumber() && act.isNumber()) {
            if (exp.decimalValue().compareTo(act.decimalValue()) != 0) problems.add(path + ": " + exp + " != " + act);
        } else if (!exp.equals(act)) {
            problems.add(path + ": expected " + exp + ", got " + act);
        }
    }
}
