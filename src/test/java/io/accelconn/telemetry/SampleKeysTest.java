package io.accelconn.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Keys are a stored format: the direct formatting writes exactly what the formatters wrote. */
class SampleKeysTest {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

    @Test
    void dayAndTimePrefixAreTheFormattersText() {
        SplittableRandom random = new SplittableRandom(9);
        Instant from = Instant.parse("0900-01-01T00:00:00Z");
        Instant to = Instant.parse("+10100-01-01T00:00:00Z");
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(from.toEpochMilli(), to.toEpochMilli()));
            assertEquals(DAY.format(t), SampleKeys.day(t), t::toString);
            assertEquals(TIME.format(t), SampleKeys.timePrefix(t), t::toString);
        }
        for (String edge : new String[] {"1000-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z", "2026-11-30T00:00:00Z",
                "2026-11-30T23:59:59.999Z", "2028-02-29T12:34:56.007Z", "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z",
                "0999-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z"}) {
            Instant t = Instant.parse(edge);
            assertEquals(DAY.format(t), SampleKeys.day(t), edge);
            assertEquals(TIME.format(t), SampleKeys.timePrefix(t), edge);
        }
    }
}
