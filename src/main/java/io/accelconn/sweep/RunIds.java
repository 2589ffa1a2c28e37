package io.accelconn.sweep;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.accelconn.api.RequestRejected;

/**
 * Run ids read as their start time, {@code 20261125100000123-3fa2c1d9} (UTC to the millisecond,
 * then 8 random hex), so they sort by age, are safe in Table keys and queue messages, and give
 * the runs table a newest-first RowKey without a second index.
 */
final class RunIds {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
    private static final Pattern RUN_ID = Pattern.compile("[0-9]{17}-[0-9a-f]{8}");
    private static final long MAX_STAMP = 99_999_999_999_999_999L;

    private RunIds() {
    }

    static String next(Instant now) {
        return STAMP.format(now) + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** @throws RequestRejected 400 {@code INVALID_RUN_ID} for anything that is not a run id */
    static String require(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw RequestRejected.badRequest("INVALID_RUN_ID", "runId must look like 20261125100000123-3fa2c1d9");
        }
        return runId;
    }

    /** The runs table's RowKey: ascending order is newest first. */
    static String rowKey(String runId) {
        long stamp = Long.parseLong(runId.substring(0, 17));
        return String.format("%017d", MAX_STAMP - stamp) + runId.substring(17);
    }
}
