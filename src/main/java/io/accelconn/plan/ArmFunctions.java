package io.accelconn.plan;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.plan.ArmValue.Known;
import io.accelconn.plan.ArmValue.Unknown;

/**
 * The template functions that need nothing but their arguments, evaluated as ARM does for the
 * values templates pass them in practice. Anything else, and any argument of a shape these
 * were not written for, is unknown rather than guessed: ARM's semantics for it were not
 * checked here.
 */
final class ArmFunctions {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** {@code range()} longer than this is not expanded: ARM caps copy loops at 800, no real template needs more. */
    static final int MAX_RANGE = 10_000;

    private ArmFunctions() {
    }

    /**
     * True for the functions {@link #apply} evaluates; the scope handles those that read the
     * template or the deployment (parameters, variables, copyIndex, resourceGroup, resourceId) and
     * {@code if}, whose untaken branch must not be evaluated.
     */
    static boolean isPure(String name) {
        return switch (name) {
            case "concat", "format", "tolower", "toupper", "not", "and", "or", "equals", "length", "range",
                    "add", "string", "int", "bool", "createarray", "createobject", "union", "contains", "empty",
                    "take", "skip", "replace", "true", "false", "null", "json" -> true;
            default -> false;
        };
    }

    /** @param call the expression, for the canonical spelling of an unknown result */
    static ArmValue apply(String name, List<JsonNode> args, String call) {
        return switch (name) {
            case "concat" -> concat(args, call);
            case "format" -> format(args, call);
            case "tolower", "toupper" -> one(args) && args.get(0).isTextual()
                    ? text(name.equals("tolower") ? args.get(0).textValue().toLowerCase(Locale.ROOT)
                            : args.get(0).textValue().toUpperCase(Locale.ROOT))
                    : unsupported(call);
            case "not" -> one(args) && args.get(0).isBoolean() ? bool(!args.get(0).booleanValue()) : unsupported(call);
            case "and", "or" -> logic(name.equals("and"), args, call);
            case "equals" -> args.size() == 2 ? equalsValue(args.get(0), args.get(1), call) : unsupported(call);
            case "length" -> one(args) ? length(args.get(0), call) : unsupported(call);
            case "range" -> range(args, call);
            case "add" -> args.size() == 2 && args.get(0).isIntegralNumber() && args.get(1).isIntegralNumber()
                    ? new Known(JSON.numberNode(args.get(0).longValue() + args.get(1).longValue()))
                    : unsupported(call);
            case "string" -> one(args) ? text(asString(args.get(0))) : unsupported(call);
            case "int" -> one(args) ? toInt(args.get(0), call) : unsupported(call);
            case "bool" -> one(args) ? toBool(args.get(0), call) : unsupported(call);
            case "createarray" -> {
                ArrayNode a = JSON.arrayNode(args.size());
                args.forEach(a::add);
                yield new Known(a);
            }
            case "createobject" -> createObject(args, call);
            case "union" -> union(args, call);
            case "contains" -> args.size() == 2 ? contains(args.get(0), args.get(1), call) : unsupported(call);
            case "take", "skip" -> args.size() == 2 && args.get(1).isIntegralNumber()
                    ? takeOrSkip(name.equals("take"), args.get(0), args.get(1).longValue(), call)
                    : unsupported(call);
            case "replace" -> args.size() == 3 && args.stream().allMatch(JsonNode::isTextual)
                    && !args.get(1).textValue().isEmpty()
                    ? text(args.get(0).textValue().replace(args.get(1).textValue(), args.get(2).textValue()))
                    : unsupported(call);
            case "empty" -> one(args) ? bool(args.get(0).isNull() || args.get(0).isContainerNode() && args.get(0).isEmpty()
                    || args.get(0).isTextual() && args.get(0).textValue().isEmpty()) : unsupported(call);
            case "true" -> args.isEmpty() ? bool(true) : unsupported(call);
            case "false" -> args.isEmpty() ? bool(false) : unsupported(call);
            case "null" -> args.isEmpty() ? new Known(JSON.nullNode()) : unsupported(call);
            case "json" -> json(args, call);
            default -> unsupported(call);
        };
    }

    /** Why a function other than the ones above has no value before deployment. */
    static Unknown deployTime(String name, String call) {
        return new Unknown(call, name + "() is evaluated only at deployment");
    }

    private static Unknown unsupported(String call) {
        return new Unknown(call, call + " is not evaluated offline for these arguments");
    }

    private static boolean one(List<JsonNode> args) {
        return args.size() == 1;
    }

    static Known text(String s) {
        return new Known(JSON.textNode(s));
    }

    static Known bool(boolean b) {
        return new Known(JSON.booleanNode(b));
    }

    private static ArmValue concat(List<JsonNode> args, String call) {
        if (!args.isEmpty() && args.stream().allMatch(JsonNode::isArray)) {
            ArrayNode a = JSON.arrayNode();
            args.forEach(x -> a.addAll((ArrayNode) x));
            return new Known(a);
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode a : args) {
            if (!(a.isTextual() || a.isIntegralNumber())) {
                return unsupported(call);
            }
            sb.append(a.asText());
        }
        return text(sb.toString());
    }

    /** .NET composite formatting, as ARM's {@code format}: {@code {0}}, {@code {{} and {@code }}}; format specifiers are not evaluated. */
    private static ArmValue format(List<JsonNode> args, String call) {
        if (args.isEmpty() || !args.get(0).isTextual()) {
            return unsupported(call);
        }
        String f = args.get(0).textValue();
        StringBuilder sb = new StringBuilder(f.length() + 16);
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < f.length() && f.charAt(i + 1) == c) {
                sb.append(c);
                i++;
            } else if (c == '{') {
                int close = f.indexOf('}', i);
                String item = close < 0 ? "" : f.substring(i + 1, close);
                if (!item.matches("\\d{1,3}") || Integer.parseInt(item) + 1 >= args.size()) {
                    return unsupported(call);
                }
                sb.append(asString(args.get(Integer.parseInt(item) + 1)));
                i = close;
            } else if (c == '}') {
                return unsupported(call);
            } else {
                sb.append(c);
            }
        }
        return text(sb.toString());
    }

    /** How ARM turns a value into text: booleans as .NET spells them, objects and arrays as JSON. */
    private static String asString(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "True" : "False";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static ArmValue logic(boolean and, List<JsonNode> args, String call) {
        if (args.size() < 2 || !args.stream().allMatch(JsonNode::isBoolean)) {
            return unsupported(call);
        }
        boolean result = and;
        for (JsonNode a : args) {
            result = and ? result && a.booleanValue() : result || a.booleanValue();
        }
        return bool(result);
    }

    private static ArmValue equalsValue(JsonNode a, JsonNode b, String call) {
        if (a.isNumber() && b.isNumber()) {
            return a.isIntegralNumber() && b.isIntegralNumber() ? bool(a.longValue() == b.longValue()) : unsupported(call);
        }
        if (a.isTextual() && b.isTextual() && !a.textValue().equals(b.textValue())
                && a.textValue().equalsIgnoreCase(b.textValue())) {
            // Whether ARM compares these without case was not settled here: do not guess.
            return unsupported(call);
        }
        return bool(a.equals(b));
    }

    private static ArmValue length(JsonNode v, String call) {
        if (v.isTextual()) {
            return new Known(JSON.numberNode(v.textValue().length()));
        }
        return v.isContainerNode() ? new Known(JSON.numberNode(v.size())) : unsupported(call);
    }

    private static ArmValue range(List<JsonNode> args, String call) {
        if (args.size() != 2 || !args.get(0).isIntegralNumber() || !args.get(1).isIntegralNumber()
                || args.get(1).longValue() < 0 || args.get(1).longValue() > MAX_RANGE) {
            return unsupported(call);
        }
        ArrayNode a = JSON.arrayNode();
        for (long i = 0; i < args.get(1).longValue(); i++) {
            a.add(args.get(0).longValue() + i);
        }
        return new Known(a);
    }

    private static ArmValue toInt(JsonNode v, String call) {
        if (v.isIntegralNumber()) {
            return new Known(v);
        }
        if (v.isTextual() && v.textValue().strip().matches("-?\\d{1,18}")) {
            return new Known(JSON.numberNode(Long.parseLong(v.textValue().strip())));
        }
        return unsupported(call);
    }

    private static ArmValue toBool(JsonNode v, String call) {
        if (v.isBoolean()) {
            return new Known(v);
        }
        if (v.isTextual() && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
            return bool(v.textValue().equalsIgnoreCase("true"));
        }
        if (v.isIntegralNumber() && (v.longValue() == 0 || v.longValue() == 1)) {
            return bool(v.longValue() == 1);
        }
        return unsupported(call);
    }

    /** The first (take) or all but the first (skip) {@code n} characters or elements; out-of-range counts are clamped, as ARM does. */
    private static ArmValue takeOrSkip(boolean take, JsonNode v, long n, String call) {
        int size = v.isTextual() ? v.textValue().length() : v.isArray() ? v.size() : -1;
        if (size < 0) {
            return unsupported(call);
        }
        int cut = (int) Math.max(0, Math.min(size, n));
        int from = take ? 0 : cut;
        int to = take ? cut : size;
        if (v.isTextual()) {
            return text(v.textValue().substring(from, to));
        }
        ArrayNode a = JSON.arrayNode(to - from);
        for (int i = from; i < to; i++) {
            a.add(v.get(i));
        }
        return new Known(a);
    }

    private static ArmValue createObject(List<JsonNode> args, String call) {
        if (args.size() % 2 != 0) {
            return unsupported(call);
        }
        ObjectNode o = JSON.objectNode();
        for (int i = 0; i < args.size(); i += 2) {
            if (!args.get(i).isTextual()) {
                return unsupported(call);
            }
            o.set(args.get(i).textValue(), args.get(i + 1));
        }
        return new Known(o);
    }

    /** Objects: the last value of a key wins; arrays: each element once. Nested objects are not merged here. */
    private static ArmValue union(List<JsonNode> args, String call) {
        if (args.isEmpty()) {
            return unsupported(call);
        }
        if (args.stream().allMatch(JsonNode::isObject)) {
            ObjectNode o = JSON.objectNode();
            for (JsonNode a : args) {
                for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().isObject() && o.path(e.getKey()).isObject()) {
                        return unsupported(call);
                    }
                    o.set(e.getKey(), e.getValue());
                }
            }
            return new Known(o);
        }
        if (args.stream().allMatch(JsonNode::isArray)) {
            List<JsonNode> seen = new ArrayList<>();
            args.forEach(a -> a.forEach(v -> {
                if (!seen.contains(v)) {
                    seen.add(v);
                }
            }));
            ArrayNode a = JSON.arrayNode(seen.size());
            seen.forEach(a::add);
            return new Known(a);
        }
        return unsupported(call);
    }

    private static ArmValue contains(JsonNode container, JsonNode item, String call) {
        if (container.isTextual() && item.isTextual()) {
            return bool(container.textValue().contains(item.textValue()));
        }
        if (container.isArray()) {
            for (JsonNode v : container) {
                if (v.equals(item)) {
                    return bool(true);
                }
            }
            return bool(false);
        }
        if (container.isObject() && item.isTextual()) {
            for (Iterator<String> it = container.fieldNames(); it.hasNext();) {
                if (it.next().equalsIgnoreCase(item.textValue())) {
                    return bool(true);
                }
            }
            return bool(false);
        }
        return unsupported(call);
    }

    /** Only the constants templates write as {@code json('null')} and the like; other JSON text stays unknown. */
    private static ArmValue json(List<JsonNode> args, String call) {
        if (!one(args) || !args.get(0).isTextual()) {
            return unsupported(call);
        }
        return switch (args.get(0).textValue().strip()) {
            case "null" -> new Known(JSON.nullNode());
            case "true" -> bool(true);
            case "false" -> bool(false);
            case "{}" -> new Known(JSON.objectNode());
            case "[]" -> new Known(JSON.arrayNode());
            default -> unsupported(call);
        };
    }
}
