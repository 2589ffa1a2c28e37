package io.accelconn.plan;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an expression is worth before deployment: a value, a reference to a resource by type
 * and name (what {@code resourceId(...)} means before ARM knows the subscription), or unknown.
 * An unknown value keeps a canonical spelling of what it depends on, so two expressions that
 * will be equal at deployment ({@code format('{0}-nic', parameters('vmName'))} on the NIC and
 * inside the VM's {@code resourceId(...)}) are still recognised as equal.
 */
public sealed interface ArmValue permits ArmValue.Known, ArmValue.Unknown, ArmValue.ResourceRef {

    record Known(JsonNode value) implements ArmValue {
    }

    /**
     * @param symbol canonical text of the expression with every known part replaced by its value
     * @param why    for people: which input is missing, or which function only runs at deployment
     */
    record Unknown(String symbol, String why) implements ArmValue {
    }

    /** {@code resourceId(..., type, name...)}: the subscription and group stay unknown, which matching does not need. */
    record ResourceRef(String type, List<ArmValue> names) implements ArmValue {
        public ResourceRef {
            names = List.copyOf(names);
        }
    }

    default boolean isKnown() {
        return this instanceof Known;
    }

    /** The value, or null when it is not known. */
    default JsonNode node() {
        return this instanceof Known k ? k.value() : null;
    }

    /** The canonical spelling of this value inside a larger expression. */
    default String symbol() {
        if (this instanceof Unknown u) {
            return u.symbol();
        }
        if (this instanceof ResourceRef r) {
            StringBuilder sb = new StringBuilder("resourceid(").append(ArmExpression.quote(r.type()));
            r.names().forEach(n -> sb.append(',').append(n.symbol()));
            return sb.append(')').toString();
        }
        JsonNode v = node();
        return v.isTextual() ? ArmExpression.quote(v.textValue()) : v.toString();
    }

    /** Why this value cannot be used, or null when it can. */
    default String why() {
        return this instanceof Unknown u ? u.why() : this instanceof ResourceRef ? "a resource id is known only at deployment" : null;
    }
}
