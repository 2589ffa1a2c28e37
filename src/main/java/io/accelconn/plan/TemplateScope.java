package io.accelconn.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.plan.ArmExpression.Call;
import io.accelconn.plan.ArmExpression.Index;
import io.accelconn.plan.ArmExpression.Member;
import io.accelconn.plan.ArmExpression.Node;
import io.accelconn.plan.ArmExpression.Num;
import io.accelconn.plan.ArmExpression.Str;
import io.accelconn.plan.ArmValue.Known;
import io.accelconn.plan.ArmValue.ResourceRef;
import io.accelconn.plan.ArmValue.Unknown;

/**
 * Evaluates a template's expressions before deployment: parameters (supplied values, then
 * defaults), variables, {@code resourceGroup().location} when the caller names the region,
 * {@code copyIndex()} inside a copy loop, and the functions of {@link ArmFunctions}. Whatever
 * depends on the deployment itself stays {@link Unknown}, with the reason. Parameters and
 * variables are evaluated once; a variable that refers to itself is unknown, not a stack overflow.
 */
final class TemplateScope {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Where {@code copyIndex()} stands: the resource's own loop and any property loop inside it. */
    record Copy(String resourceLoop, Map<String, Integer> indexes) {
        static final Copy NONE = new Copy(null, Map.of());

        /** {@code loop} at {@code index}; a null index is an instance whose number is not known (its count is not). */
        Copy with(String loop, Integer index, boolean isResourceLoop) {
            Map<String, Integer> m = new HashMap<>(indexes);
            m.put(loop.toLowerCase(Locale.ROOT), index);
            return new Copy(isResourceLoop ? loop.toLowerCase(Locale.ROOT) : resourceLoop, m);
        }
    }

    private final Map<String, JsonNode> parameterDefs;
    private final Map<String, JsonNode> supplied;
    private final Map<String, JsonNode> variableDefs;
    private final String location;
    private final Map<String, ArmValue> parameters = new HashMap<>();
    private final Map<String, ArmValue> variables = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    /**
     * @param parameterDefs the template's {@code parameters}
     * @param supplied      the deployment's {@code parameters} ({@code {"name": {"value": ...}}})
     * @param variableDefs  the template's {@code variables}
     * @param location      the resource group's region, or null when the caller did not say
     */
    TemplateScope(JsonNode parameterDefs, JsonNode supplied, JsonNode variableDefs, String location) {
        this.parameterDefs = byLowerName(parameterDefs);
        this.supplied = byLowerName(supplied);
        this.variableDefs = byLowerName(variableDefs);
        this.location = location;
    }

    /** A JSON value of the template, expressions inside it evaluated. */
    ArmValue evaluate(JsonNode node, Copy copy) {
        if (node == null || node.isMissingNode()) {
            return new Known(JSON.missingNode());
        }
        if (node.isTextual()) {
            return evaluate(node.textValue(), copy);
        }
        if (node.isObject()) {
            ObjectNode out = JSON.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                ArmValue v = evaluate(e.getValue(), copy);
                if (!v.isKnown()) {
                    return new Unknown("{" + ArmExpression.quote(e.getKey()) + ":" + v.symbol() + "}", v.why());
                }
                out.set(e.getKey(), v.node());
            }
            return new Known(out);
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode(node.size());
            for (JsonNode item : node) {
                ArmValue v = evaluate(item, copy);
                if (!v.isKnown()) {
                    return new Unknown("[" + v.symbol() + "]", v.why());
                }
                out.add(v.node());
            }
            return new Known(out);
        }
        return new Known(node);
    }

    /** One template string: an expression, or literal text. */
    ArmValue evaluate(String s, Copy copy) {
        if (!ArmExpression.isExpression(s)) {
            return ArmFunctions.text(ArmExpression.literal(s));
        }
        Node n = ArmExpression.parse(s);
        if (n == null) {
            return new Unknown("[unparsed]", "not a template expression ARM accepts");
        }
        return eval(n, copy);
    }

    ArmValue eval(Node n, Copy copy) {
        if (n instanceof Str s) {
            return ArmFunctions.text(s.value());
        }
        if (n instanceof Num num) {
            return new Known(JSON.numberNode(num.value()));
        }
        if (n instanceof Member m) {
            return member(m, copy);
        }
        if (n instanceof Index i) {
            return index(i, copy);
        }
        return call((Call) n, copy);
    }

    private ArmValue call(Call c, Copy copy) {
        switch (c.name()) {
            case "parameters":
                return named(c, copy, true);
            case "variables":
                return named(c, copy, false);
            case "copyindex":
                return copyIndex(c, copy);
            case "if":
                return conditional(c, copy);
            case "resourceid":
                return resourceId(c, copy);
            default:
                break;
        }
        List<ArmValue> args = new ArrayList<>(c.args().size());
        for (Node a : c.args()) {
            args.add(eval(a, copy));
        }
        String call = spell(c.name(), args);
        if (!ArmFunctions.isPure(c.name())) {
            return ArmFunctions.deployTime(c.name(), call);
        }
        List<JsonNode> values = new ArrayList<>(args.size());
        for (ArmValue a : args) {
            if (!a.isKnown()) {
                return new Unknown(call, a.why());
            }
            values.add(a.node());
        }
        return ArmFunctions.apply(c.name(), values, call);
    }

    private ArmValue named(Call c, Copy copy, boolean parameter) {
        if (c.args().size() != 1) {
            return new Unknown(c.canonical(), c.name() + "() takes one name");
        }
        ArmValue nameValue = eval(c.args().get(0), copy);
        if (!nameValue.isKnown() || !nameValue.node().isTextual()) {
            return new Unknown(spell(c.name(), List.of(nameValue)), "the name passed to " + c.name() + "() is not known");
        }
        String name = nameValue.node().textValue();
        String key = name.toLowerCase(Locale.ROOT);
        Map<String, ArmValue> cache = parameter ? parameters : variables;
        ArmValue cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        String symbol = c.name() + "(" + ArmExpression.quote(key) + ")";
        String guard = c.name() + ":" + key;
        if (!evaluating.add(guard)) {
            return new Unknown(symbol, c.name() + " '" + name + "' refers to itself");
        }
        try {
            ArmValue v = parameter ? parameter(name, key, symbol) : variable(name, key, symbol);
            cache.put(key, v);
            return v;
        } finally {
            evaluating.remove(guard);
        }
    }

    /** A supplied value is taken as it is (deployment parameter values are not expressions); a default is evaluated. */
    private ArmValue parameter(String name, String key, String symbol) {
        JsonNode given = supplied.get(key);
        if (given != null && given.has("value")) {
            return new Known(given.get("value"));
        }
        if (given != null && given.has("reference")) {
            return new Unknown(symbol, "parameter '" + name + "' is read from Key Vault at deployment");
        }
        JsonNode def = parameterDefs.get(key);
        if (def == null) {
            return new Unknown(symbol, "the template declares no parameter '" + name + "'");
        }
        if (!def.has("defaultValue")) {
            return new Unknown(symbol, "parameter '" + name + "' has no default value and none was supplied");
        }
        ArmValue v = evaluate(def.get("defaultValue"), Copy.NONE);
        return v.isKnown() ? v : new Unknown(symbol, "parameter '" + name + "' defaults to what " + v.why());
    }

    private ArmValue variable(String name, String key, String symbol) {
        JsonNode def = variableDefs.get(key);
        if (def == null) {
            return new Unknown(symbol, "the template declares no variable '" + name + "'");
        }
        return evaluate(def, Copy.NONE);
    }

    /** {@code copyIndex()}, {@code copyIndex(offset)}, {@code copyIndex('loop')}, {@code copyIndex('loop', offset)}. */
    private ArmValue copyIndex(Call c, Copy copy) {
        List<ArmValue> args = new ArrayList<>();
        for (Node a : c.args()) {
            args.add(eval(a, copy));
        }
        String call = spell("copyindex", args);
        String loop = copy.resourceLoop();
        long offset = 0;
        int next = 0;
        if (!args.isEmpty() && args.get(0).isKnown() && args.get(0).node().isTextual()) {
            loop = args.get(0).node().textValue().toLowerCase(Locale.ROOT);
            next = 1;
        }
        if (args.size() > next) {
            if (!args.get(next).isKnown() || !args.get(next).node().isIntegralNumber()) {
                return new Unknown(call, "the offset of copyIndex() is not known");
            }
            offset = args.get(next).node().longValue();
        }
        if (loop == null || !copy.indexes().containsKey(loop)) {
            return new Unknown(call, "copyIndex() outside its copy loop");
        }
        Integer index = copy.indexes().get(loop);
        if (index == null) {
            return new Unknown(call, "the copy loop's count is known only at deployment");
        }
        return new Known(JSON.numberNode(index + offset));
    }

    private ArmValue conditional(Call c, Copy copy) {
        if (c.args().size() != 3) {
            return new Unknown(c.canonical(), "if() takes three arguments");
        }
        ArmValue cond = eval(c.args().get(0), copy);
        if (cond.isKnown() && cond.node().isBoolean()) {
            return eval(c.args().get(cond.node().booleanValue() ? 1 : 2), copy);
        }
        return new Unknown(spell("if", List.of(cond, eval(c.args().get(1), copy), eval(c.args().get(2), copy))),
                cond.isKnown() ? "the condition of if() is not true or false" : cond.why());
    }

    /** {@code resourceId([subscriptionId,] [resourceGroup,] 'Namespace/type', name...)}: the first argument naming a namespaced type is the type. */
    private ArmValue resourceId(Call c, Copy copy) {
        List<ArmValue> args = new ArrayList<>(c.args().size());
        for (Node a : c.args()) {
            args.add(eval(a, copy));
        }
        for (int i = 0; i < args.size(); i++) {
            JsonNode v = args.get(i).node();
            if (v != null && v.isTextual() && isResourceType(v.textValue())) {
                return new ResourceRef(v.textValue(), args.subList(i + 1, args.size()));
            }
        }
        return new Unknown(spell("resourceid", args), "the resource type passed to resourceId() is not known");
    }

    static boolean isResourceType(String s) {
        int slash = s.indexOf('/');
        return slash > 0 && s.substring(0, slash).contains(".") && slash < s.length() - 1;
    }

    private ArmValue member(Member m, Copy copy) {
        if (m.target() instanceof Call c && c.name().equals("resourcegroup") && c.args().isEmpty()) {
            if (m.name().equalsIgnoreCase("location")) {
                return location != null ? ArmFunctions.text(location)
                        : new Unknown("resourcegroup().location",
                                "the resource group's region: give it as ?location=<region>");
            }
            return new Unknown("resourcegroup()." + m.name().toLowerCase(Locale.ROOT),
                    "resourceGroup()." + m.name() + " is known only at deployment");
        }
        ArmValue target = eval(m.target(), copy);
        String symbol = target.symbol() + "." + m.name().toLowerCase(Locale.ROOT);
        if (!target.isKnown()) {
            return new Unknown(symbol, target.why());
        }
        JsonNode field = field(target.node(), m.name());
        return field != null ? new Known(field) : new Unknown(symbol, "no property '" + m.name() + "' in the value");
    }

    private ArmValue index(Index i, Copy copy) {
        ArmValue target = eval(i.target(), copy);
        ArmValue index = eval(i.index(), copy);
        String symbol = target.symbol() + "[" + index.symbol() + "]";
        if (!target.isKnown() || !index.isKnown()) {
            return new Unknown(symbol, target.isKnown() ? index.why() : target.why());
        }
        JsonNode t = target.node();
        JsonNode k = index.node();
        JsonNode v = t.isArray() && k.isIntegralNumber() ? t.get((int) k.longValue())
                : t.isObject() && k.isTextual() ? field(t, k.textValue()) : null;
        return v != null ? new Known(v) : new Unknown(symbol, "the index " + k + " is not in the value");
    }

    /** Property names in templates compare without case, as ARM reads them. */
    static JsonNode field(JsonNode obj, String name) {
        if (!obj.isObject()) {
            return null;
        }
        JsonNode exact = obj.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String spell(String name, List<ArmValue> args) {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < args.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(args.get(i).symbol());
        }
        return sb.append(')').toString();
    }

    private static Map<String, JsonNode> byLowerName(JsonNode obj) {
        Map<String, JsonNode> m = new HashMap<>();
        if (obj != null && obj.isObject()) {
            obj.fields().forEachRemaining(e -> m.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        }
        return m;
    }
}
