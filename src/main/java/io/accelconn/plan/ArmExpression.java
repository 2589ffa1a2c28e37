package io.accelconn.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ARM template expression language, parsed: a JSON string {@code "[...]"} holds an
 * expression of function calls ({@code name(arg, ...)}, names in any case), string literals in
 * single quotes ({@code ''} is a quote inside one), integers, property access ({@code .location})
 * and indexing ({@code [0]}, {@code ['key']}). A string that starts with {@code [[} and ends with
 * {@code ]} is the literal text without its first bracket; a string that does not both start with
 * {@code [} and end with {@code ]} is literal as it stands ("Syntax and expressions in ARM
 * templates", learn.microsoft.com, azure-resource-manager/templates/template-expressions).
 * <p>
 * Parsing never throws for bad input from the wire: {@link #parse} answers null and the caller
 * treats the value as unknown, as ARM would refuse the deployment rather than guess.
 */
public final class ArmExpression {

    /** ARM's own limit on one expression. */
    static final int MAX_LENGTH = 24_576;
    /** Deeper nesting than any real template uses; bounds the parser's recursion on hostile input. */
    static final int MAX_DEPTH = 64;

    /** A parsed expression. {@link #canonical()} spells it the same whatever its spacing and case of names. */
    public sealed interface Node permits Str, Num, Call, Member, Index {
        String canonical();
    }

    public record Str(String value) implements Node {
        @Override
        public String canonical() {
            return quote(value);
        }
    }

    public record Num(long value) implements Node {
        @Override
        public String canonical() {
            return Long.toString(value);
        }
    }

    /** @param name lower-cased: ARM function names are case-insensitive */
    public record Call(String name, List<Node> args) implements Node {
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public String canonical() {
            StringBuilder sb = new StringBuilder(name).append('(');
            for (int i = 0; i < args.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(args.get(i).canonical());
            }
            return sb.append(')').toString();
        }
    }

    public record Member(Node target, String name) implements Node {
        @Override
        public String canonical() {
            return target.canonical() + "." + name.toLowerCase(Locale.ROOT);
        }
    }

    public record Index(Node target, Node index) implements Node {
        @Override
        public String canonical() {
            return target.canonical() + "[" + index.canonical() + "]";
        }
    }

    private final String text;
    private int pos;

    private ArmExpression(String text) {
        this.text = text;
    }

    /** True when ARM evaluates {@code s} as an expression rather than taking it literally. */
    public static boolean isExpression(String s) {
        return s != null && s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']'
                && !s.startsWith("[[");
    }

    /** The text ARM deploys for a string that is not an expression: {@code [[x]} is {@code [x]}. */
    public static String literal(String s) {
        return s.startsWith("[[") && s.endsWith("]") ? s.substring(1) : s;
    }

    /** The expression inside {@code [...]}, or null when it is not one ARM would accept. */
    public static Node parse(String templateString) {
        if (!isExpression(templateString) || templateString.length() > MAX_LENGTH) {
            return null;
        }
        ArmExpression p = new ArmExpression(templateString.substring(1, templateString.length() - 1));
        try {
            Node n = p.expression(0);
            p.skipSpace();
            return p.pos == p.text.length() ? n : null;
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** {@code value} as an ARM string literal. */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private Node expression(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested too deeply");
        }
        skipSpace();
        Node n = primary(depth);
        while (true) {
            skipSpace();
            if (peek('.')) {
                pos++;
                skipSpace();
                n = new Member(n, identifier());
            } else if (peek('[')) {
                pos++;
                Node index = expression(depth + 1);
                skipSpace();
                expect(']');
                n = new Index(n, index);
            } else {
                return n;
            }
        }
    }

    private Node primary(int depth) {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("expression ends early");
        }
        char c = text.charAt(pos);
        if (c == '\'') {
            return new Str(string());
        }
        if (c == '-' || Character.isDigit(c)) {
            return new Num(number());
        }
        String name = identifier();
        skipSpace();
        expect('(');
        List<Node> args = new ArrayList<>(3);
        skipSpace();
        if (!peek(')')) {
            do {
                args.add(expression(depth + 1));
                skipSpace();
            } while (consume(','));
        }
        expect(')');
        return new Call(name.toLowerCase(Locale.ROOT), args);
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (peek('\'')) {
                    sb.append('\'');
                    pos++;
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private long number() {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("name expected");
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean consume(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw new IllegalArgumentException("'" + c + "' expected");
        }
    }
}
