package io.accelconn.policy;

import java.util.Optional;

/** The Accelerated Connections performance tier, the NIC's {@code auxiliarySku}. Ordered low to high. */
public enum Tier {
    A1, A2, A4, A8;

    /** Parses {@code A1}..{@code A8} in any case; {@code None} and anything else are empty. */
    public static Optional<Tier> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Tier t : values()) {
            if (t.name().equalsIgnoreCase(value.trim())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public Tier atMost(Tier cap) {
        return compareTo(cap) > 0 ? cap : this;
    }
}
