package io.accelconn.azure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import com.azure.core.util.Context;
import com.azure.resourcemanager.monitor.fluent.models.MetricInner;
import com.azure.resourcemanager.monitor.fluent.models.ResponseInner;
import com.azure.resourcemanager.monitor.models.MetricValue;
import com.azure.resourcemanager.monitor.models.TimeSeriesElement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A VM's flow metrics from Azure Monitor, per minute: {@code Inbound Flows Maximum Creation Rate},
 * {@code Outbound Flows Maximum Creation Rate} (flows created per second), {@code Inbound Flows}
 * and {@code Outbound Flows} (flows open), PT1M grain, average, in one metrics read.
 * <p>
 * Read through azure-resourcemanager-monitor on {@link ArmClients}' pipeline rather than
 * azure-monitor-query: the metrics API is an ARM GET that spends the subscription's read budget,
 * and this way it passes the same throttle, retry (429 with Retry-After), metrics and
 * authentication policies, and the configured cloud's endpoint, as every other ARM call.
 */
@ApplicationScoped
public class FlowMetrics {

    private static final Logger LOG = Logger.getLogger(FlowMetrics.class);

    public static final String INBOUND_RATE = "Inbound Flows Maximum Creation Rate";
    public static final String OUTBOUND_RATE = "Outbound Flows Maximum Creation Rate";
    public static final String INBOUND_FLOWS = "Inbound Flows";
    public static final String OUTBOUND_FLOWS = "Outbound Flows";
    static final String SUCCESS = "Success";
    private static final Duration GRAIN = Duration.ofMinutes(1);

    /**
     * One minute of a VM's flows; a metric Monitor had no value for is null.
     *
     * @param minute the start of the minute, as Monitor stamps it
     */
    public record Point(Instant minute, Double inboundRate, Double outboundRate, Double inboundFlows,
            Double outboundFlows) {
    }

    private final ArmClients arm;

    @Inject
    public FlowMetrics(ArmClients arm) {
        this.arm = arm;
    }

    /** The minutes in [{@code start}, {@code end}) Monitor has values for, in time order: one ARM read. */
    public List<Point> read(String vmId, Instant start, Instant end) {
        ResourceId id = ResourceId.parseVm(vmId);
        // Without its leading '/': the SDK prefixes one, and the throttle must see /subscriptions/{id} to
        // charge the right subscription's read budget.
        String resourceUri = id.toString().substring(1);
        ResponseInner response = arm.metrics(id.subscriptionId()).listWithResponse(resourceUri, start + "/" + end, GRAIN,
                String.join(",", INBOUND_RATE, OUTBOUND_RATE, INBOUND_FLOWS, OUTBOUND_FLOWS), "average", null, null, null,
                null, null, Context.NONE).getValue();
        Map<Instant, Double[]> byMinute = new TreeMap<>();
        for (MetricInner metric : response.value() == null ? List.<MetricInner>of() : response.value()) {
            int column = column(metric.name() == null ? null : metric.name().value());
            if (column < 0) {
                continue;
            }
            if (metric.errorCode() != null && !SUCCESS.equalsIgnoreCase(metric.errorCode())) {
                LOG.warnf("Monitor answered %s for %s of %s: %s", metric.errorCode(), metric.name().value(), vmId,
                        metric.errorMessage());
                continue;
            }
            for (TimeSeriesElement series : metric.timeseries() == null ? List.<TimeSeriesElement>of() : metric.timeseries()) {
                for (MetricValue v : series.data() == null ? List.<MetricValue>of() : series.data()) {
                    if (v.timestamp() == null || v.average() == null) {
                        continue;
                    }
                    Instant minute = v.timestamp().toInstant();
                    // Only what was asked for: a point outside the span is not this read's to store.
                    if (!minute.isBefore(start) && minute.isBefore(end)) {
                        byMinute.computeIfAbsent(minute, m -> new Double[4])[column] = v.average();
                    }
                }
            }
        }
        List<Point> points = new ArrayList<>(byMinute.size());
        byMinute.forEach((minute, v) -> points.add(new Point(minute, v[0], v[1], v[2], v[3])));
        return points;
    }

    private static int column(String name) {
        if (name == null) {
            return -1;
        }
        return switch (name) {
            case INBOUND_RATE -> 0;
            case OUTBOUND_RATE -> 1;
            case INBOUND_FLOWS -> 2;
            case OUTBOUND_FLOWS -> 3;
            default -> -1;
        };
    }
}
