package io.accelconn.emulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The injected rules, in order; each keeps its own count of uses left. Four kinds: faults
 * answered instead of the request ({@link FaultRule}), operations that end Failed
 * ({@link OperationFault}), answers lost after the request was carried out ({@link AnswerLoss}),
 * and changes made just before a request is served ({@link RequestHook}).
 */
final class Faults {

    /** One rule with its matcher and its uses left. */
    private static final class Active<R> {
        final R rule;
        final String method;
        final Pattern path;
        final AtomicInteger left;

        Active(R rule, String method, String pathRegex, int times) {
            this.rule = rule;
            this.method = method;
            this.path = pathRegex == null ? null : Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
            this.left = new AtomicInteger(times);
        }

        boolean matches(String method, String path) {
            return (this.method == null || this.method.equalsIgnoreCase(method))
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

    private final List<Active<FaultRule>> rules = new CopyOnWriteArrayList<>();
    private final List<Active<OperationFault>> operations = new CopyOnWriteArrayList<>();
    private final List<Active<AnswerLoss>> losses = new CopyOnWriteArrayList<>();
    private final List<Active<RequestHook>> hooks = new CopyOnWriteArrayList<>();

    void add(FaultRule rule) {
        rules.add(new Active<>(rule, rule.method(), rule.pathRegex(), rule.times()));
    }

    void add(OperationFault fault) {
        operations.add(new Active<>(fault, fault.method(), fault.pathRegex(), fault.times()));
    }

    void add(AnswerLoss loss) {
        losses.add(new Active<>(loss, loss.method(), loss.pathRegex(), loss.times()));
    }

    void add(RequestHook hook) {
        hooks.add(new Active<>(hook, hook.method(), hook.pathRegex(), 1));
    }

    void clear() {
        rules.clear();
        operations.clear();
        losses.clear();
        hooks.clear();
    }

    /** Runs the first unused hook matching this request, if any, before it is served. */
    void runHook(String method, String path) {
        RequestHook hook = first(hooks, method, path);
        if (hook != null) hook.action().run();
    }

    /** The first matching rule with uses left (consuming one use), or null. */
    FaultRule match(String method, String path) {
        return first(rules, method, path);
    }

    /** The error code the operation of this write must end with, or null when it succeeds. */
    String operationFailure(String method, String path) {
        OperationFault f = first(operations, method, path);
        return f == null ? null : f.errorCode();
    }

    /** The status to answer instead of the real answer of this request, or null. */
    AnswerLoss lostAnswer(String method, String path) {
        return first(losses, method, path);
    }

    private static <R> R first(List<Active<R>> list, String method, String path) {
        for (Active<R> a : list) {
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
