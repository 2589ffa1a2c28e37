package io.accelconn.telemetry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer of {@code POST /cps}. Complete: 200 with the counts. Otherwise {@code code} and
 * {@code message} say why, {@code committed} lists the samples (by their index in the request)
 * that are stored, {@code notCommitted} the ones to send again; re-sending the whole request is
 * as safe, a sample's key being its identity.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestAnswer(String code, String message, int received, int written, int transactions, Integer runs,
        List<String> warnings, List<Integer> committed, List<Integer> notCommitted) {

    /** Transient failure: some or all samples are to be sent again. */
    public static final String PARTIALLY_WRITTEN = "PARTIALLY_WRITTEN";
    public static final String NOT_WRITTEN = "NOT_WRITTEN";
    /** Storage refused a write for a reason a retry does not change: accelconn's fault, see its log. */
    public static final String STORAGE_REJECTED = "STORAGE_REJECTED";

    public static IngestAnswer of(CpsIngest.Result result) {
        WriteReport w = result.write();
        if (w.complete()) {
            return new IngestAnswer(null, null, w.received(), w.committed().size(), w.transactions(), result.runs(),
                    result.warnings(), null, null);
        }
        String code = !w.transient_() ? STORAGE_REJECTED : w.committed().isEmpty() ? NOT_WRITTEN : PARTIALLY_WRITTEN;
        String message = w.committed().size() + " of " + w.received() + " samples were written before storage failed"
                + (w.transient_() ? "; send the samples listed in notCommitted again (or the whole request: "
                        + "samples already stored are replaced, not duplicated)" : "; see accelconn's log");
        return new IngestAnswer(code, message, w.received(), w.committed().size(), w.transactions(), result.runs(),
                result.warnings(), w.committed(), w.notCommitted());
    }

    /** 200 when every sample is stored; 503 (retry) after a transient storage failure; 500 otherwise. */
    public int status() {
        return code == null ? 200 : STORAGE_REJECTED.equals(code) ? 500 : 503;
    }
}
