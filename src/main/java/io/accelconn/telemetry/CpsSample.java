package io.accelconn.telemetry;

import java.time.Instant;
import java.util.List;

import io.accelconn.azure.ResourceId;

/**
 * One CPS measurement of a NIC or VM. Its identity is (resource, timestamp to the millisecond,
 * source, kind): the same identity sent again replaces the stored sample, never adds one.
 *
 * @param resource           a NIC or a VM
 * @param timestamp          when the measured span ended (a cps tool interval, a run) or began (a Monitor minute)
 * @param kind               the span the figure covers
 * @param source             {@code cps-tool}, {@code azure-monitor} or a caller's label; lower case
 * @param cps                connections (flows) established per second
 * @param activeConnections  connections open at the time, null when unknown
 * @param failedConnections  connection attempts that failed in the span, null when unknown
 * @param synRtt             SYN round-trip times in microseconds, {@link SynRtt#NONE} when unknown
 * @param retransmitPercent  share of connections whose SYN was retransmitted, in percent; null when unknown
 * @param retransmitsPerConnection average SYN retransmits of those connections; null when unknown
 * @param labels             lower-case labels; {@code before} and {@code after} place the sample relative to enabling
 */
public record CpsSample(ResourceId resource, Instant timestamp, SampleKind kind, String source, double cps,
        Long activeConnections, Long failedConnections, SynRtt synRtt, Double retransmitPercent,
        Double retransmitsPerConnection, List<String> labels) {

    public static final String CPS_TOOL = "cps-tool";
    public static final String AZURE_MONITOR = "azure-monitor";
    /** The source of JSON samples that name none. */
    public static final String API = "api";

    public CpsSample {
        synRtt = synRtt == null ? SynRtt.NONE : synRtt;
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** The phase its labels alone give. */
    public Phase labelPhase() {
        return Phase.ofLabels(labels);
    }
}
