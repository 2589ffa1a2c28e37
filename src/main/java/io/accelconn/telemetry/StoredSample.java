package io.accelconn.telemetry;

import java.time.Instant;

/**
 * A sample as read back for a report: only the fields the figures need.
 *
 * @param cps               never null for samples accelconn wrote
 * @param activeConnections null when the sample had none
 * @param synRttP50Us       null when the sample had none
 * @param synRttP99Us       null when the sample had none
 * @param labelPhase        what the sample's labels say about enabling
 */
record StoredSample(Instant timestamp, String source, SampleKind kind, Double cps, Double activeConnections,
        Double synRttP50Us, Double synRttP99Us, Phase labelPhase) {

    static StoredSample of(CpsSample s) {
        SynRtt rtt = s.synRtt();
        return new StoredSample(s.timestamp(), s.source(), s.kind(), s.cps(),
                s.activeConnections() == null ? null : s.activeConnections().doubleValue(), rtt.p50(), rtt.p99(), s.labelPhase());
    }
}
