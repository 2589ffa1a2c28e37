package io.accelconn.events;

import java.util.List;

import io.accelconn.enforcement.NicDecision;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer for one event of a delivery.
 *
 * @param status  200 handled (or acknowledged and ignored), 400 unreadable: dead-letter it,
 *                503 transient: Event Grid should deliver it again
 * @param outcome {@code HANDLED}, {@code DUPLICATE}, {@code IGNORED}, {@code REJECTED}, {@code RETRY}
 * @param code    reason code when not handled
 * @param message a short sentence; wire text in it is escaped, ARM answers are summarised
 * @param nics    the decisions; with a 503, those of the NICs already decided
 */
// With targets, Quarkus registers only the targets: the result itself must be named too.
@RegisterForReflection(targets = { EventResult.class, NicDecision.class })
public record EventResult(String id, int status, String outcome, String code, String message, List<NicDecision> nics) {

    public static EventResult rejected(String id, String code, String message) {
        return new EventResult(id, 400, "REJECTED", code, message, List.of());
    }

    public static EventResult retry(String id, String code, String message, List<NicDecision> decided) {
        return new EventResult(id, 503, "RETRY", code, message, decided);
    }

    public static EventResult ignored(String id, String message) {
        return new EventResult(id, 200, "IGNORED", null, message, List.of());
    }
}
