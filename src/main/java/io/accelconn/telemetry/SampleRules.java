package io.accelconn.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.accelconn.api.JsonFields;
import io.accelconn.api.RequestRejected;
import io.accelconn.azure.InvalidResourceIdException;
import io.accelconn.azure.ResourceId;

/**
 * What a sample may hold, the same for JSON bodies, cps tool output and Monitor points. Every
 * failure is a {@link RequestRejected} whose message names the field by its path.
 */
final class SampleRules {

    static final String INVALID_SAMPLES = "INVALID_SAMPLES";
    static final String BATCH_TOO_LARGE = "BATCH_TOO_LARGE";
    static final String EMPTY_BATCH = "EMPTY_BATCH";
    static final String INVALID_RESOURCE_ID = "INVALID_RESOURCE_ID";

    /** Sources and labels: what may stand in a Table key unescaped. */
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9._-]{1,32}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9._-]{1,64}");
    static final int MAX_LABELS = 10;
    /** Far above any NIC's CPS or connection count: a figure beyond it is a unit mistake, not a measurement. */
    static final double MAX_FIGURE = 1e12;

    private final Duration maxAge;
    private final Duration maxSkew;

    SampleRules(TelemetryConfig config) {
        this(config.maxSampleAge(), config.maxClockSkew());
    }

    SampleRules(Duration maxAge, Duration maxSkew) {
        this.maxAge = maxAge;
        this.maxSkew = maxSkew;
    }

    /** A NIC or VM id, strictly parsed. */
    static ResourceId resource(String value, String path) {
        try {
            ResourceId id = ResourceId.parse(value);
            if (!id.isNic() && !id.isVm()) {
                throw RequestRejected.badRequest(INVALID_RESOURCE_ID, path + " must be a NIC "
                        + "(Microsoft.Network/networkInterfaces) or a VM (Microsoft.Compute/virtualMachines), not " + id.type());
            }
            return id;
        } catch (InvalidResourceIdException e) {
            throw RequestRejected.badRequest(INVALID_RESOURCE_ID, path + ": " + e.getMessage());
        }
    }

    /** {@code t} if it lies in the accepted window around {@code now}. */
    Instant timestamp(Instant t, Instant now, String path) {
        Instant oldest = now.minus(maxAge);
        Instant newest = now.plus(maxSkew);
        if (t.isBefore(oldest) || t.isAfter(newest)) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + " " + t + " is outside the accepted window "
                    + oldest + " to " + newest + " (accelconn.telemetry.max-sample-age, max-clock-skew)");
        }
        return t;
    }

    static double figure(double value, String path) {
        if (!Double.isFinite(value) || value < 0 || value > MAX_FIGURE) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + " must be a finite number from 0 to "
                    + (long) MAX_FIGURE + ", not " + value);
        }
        return value;
    }

    static String source(String value, String path) {
        String s = value.toLowerCase(Locale.ROOT);
        if (!SOURCE.matcher(s).matches()) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + " must be 1 to 32 of a-z 0-9 . _ -");
        }
        return s;
    }

    static List<String> labels(List<String> values, String path) {
        if (values.size() > MAX_LABELS) {
            throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + " holds " + values.size()
                    + " labels; at most " + MAX_LABELS);
        }
        List<String> labels = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String l = values.get(i).toLowerCase(Locale.ROOT);
            if (!LABEL.matcher(l).matches()) {
                throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, path + "[" + i + "] must be 1 to 64 of a-z 0-9 . _ -");
            }
            if (!labels.contains(l)) {
                labels.add(l);
            }
        }
        return labels;
    }
}
