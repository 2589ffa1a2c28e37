package io.accelconn.emulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** The injected fault rules, in order; each keeps its own count of uses left. */
final class Faults {
    private static final class Active {
        final FaultRule rule;
        final Pattern path;
        final AtomicInteger left;

        Active(FaultRule rule) {
            this.rule = rule;
            this.path = rule.pathRegex() == null ? null : Pattern.compile(rule.pathRegex(), Pattern.CASE_INSENSITIVE);
            this.left = new AtomicInteger(rule.times());
        }

        boolean matches(String method, String path) {
            return (rule.method() == null || rule.method().equalsIgnoreCase(method))
                    && (this.path == null || this.path.matcher(path).find());
        }

        /** Consumes one use; false when none is left. -1 means forever. */
        boolean use() {
            while (true) {
                int n = left.get();
                if (n == -1) return true;
                if (n == 0) return false;
                if (left.compareAndSet(n, n - 1)) return true;
            }
        }
    }

    private final List<Active> rules = new CopyOnWriteArrayList<>();

    void add(FaultRule rule) {
        rules.add(new Active(rule));
    }

    void clear() {
        rules.clear();
    }

    /** The first matching rule with uses left (consuming one use), or null. */
    FaultRule match(String method, String path) {
        for (Active a : rules) {
            if (a.matches(method, path) && a.use()) return a.rule;
        }
        return null;
    }

    static String defaultMessage(FaultRule rule) {
        String code = rule.errorCode() == null ? "" : rule.errorCode();
        return switch (code) {
            case "RetryableErrorDueToAnotherOperation" ->
                    "Operation on the resource cannot be performed because another operation is in progress. Please retry later.";
            case "AnotherOperationInProgress" -> "Another operation on this or dependent resource is in progress.";
            case "SubscriptionRequestsThrottled" -> "Number of requests for subscription exceeded the limit.";
            default -> "Injected by the ARM emulator (status " + rule.status() + ").";
        };
    }
}
