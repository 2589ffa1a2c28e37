package io.accelconn.telemetry;

import java.util.Locale;

/**
 * What span a sample's CPS covers. Part of a sample's identity: the cps tool's last interval and
 * its run summary end at the same instant and are two samples.
 */
public enum SampleKind {
    /** One measurement at an instant (the default; Azure Monitor's minutes). */
    POINT('p'),
    /** One interval row of a cps tool run. */
    INTERVAL('i'),
    /** A cps tool run's summary ({@code ###ENDCPS} and the lines after it). */
    RUN('r');

    private final char keyLetter;
    /** Computed once: every sample's RowKey and entity name it. */
    private final String wireName;

    SampleKind(char keyLetter) {
        this.keyLetter = keyLetter;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    /** Its one-letter form in RowKeys. */
    char keyLetter() {
        return keyLetter;
    }

    /** As written in JSON and stored: {@code point}, {@code interval}, {@code run}. */
    public String wireName() {
        return wireName;
    }

    /** The kind named {@code value} (any case), or null when there is none. */
    static SampleKind parse(String value) {
        for (SampleKind k : values()) {
            if (k.wireName().equalsIgnoreCase(value)) {
                return k;
            }
        }
        return null;
    }
}
