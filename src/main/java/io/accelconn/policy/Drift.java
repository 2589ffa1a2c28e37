package io.accelconn.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a NIC's current settings differ from the desired ones. Empty drift means no write:
 * this is what keeps the event handler from looping on the events its own writes cause.
 */
public record Drift(List<Change> changes) {

    /** One field that differs: {@code auxiliaryMode}, {@code auxiliarySku} or {@code tags.<name>}. */
    public record Change(String field, String from, String to) {
    }

    public static Drift between(NicSettings current, NicSettings desired) {
        List<Change> changes = new ArrayList<>(3);
        if (!equalsIgnoreCase(current.auxiliaryMode(), desired.auxiliaryMode())) {
            changes.add(new Change("auxiliaryMode", current.auxiliaryMode(), desired.auxiliaryMode()));
        }
        if (!equalsIgnoreCase(current.auxiliarySku(), desired.auxiliarySku())) {
            changes.add(new Change("auxiliarySku", current.auxiliarySku(), desired.auxiliarySku()));
        }
        for (Map.Entry<String, String> want : desired.tags().entrySet()) {
            String key = Tags.findKey(current.tags(), want.getKey());
            String have = key == null ? null : current.tags().get(key);
            if (!Objects.equals(have, want.getValue())) {
                changes.add(new Change("tags." + want.getKey(), have, want.getValue()));
            }
        }
        return new Drift(List.copyOf(changes));
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }
}
