package io.accelconn.functions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.TimerInvocation;
import io.accelconn.telemetry.MonitorPull;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code POST /cps-monitor-pull}: the {@code cps-monitor-pull} timerTrigger function as the
 * Functions host invokes a custom handler (an empty body runs it by hand).
 */
public class CpsMonitorPullFunction {

    @Inject
    MonitorPull pull;

    @Inject
    ObjectMapper mapper;

    @Funq("cps-monitor-pull")
    public FunctionsInvocation run(JsonNode invocation) {
        TimerInvocation timer = TimerInvocation.read(invocation, mapper);
        MonitorPull.Outcome outcome = pull.run();
        String log = !outcome.enabled() ? "accelconn cps-monitor-pull is switched off (accelconn.telemetry.monitor.enabled)"
                : "accelconn cps-monitor-pull run " + outcome.runId() + (timer.pastDue() ? " (past due)" : "") + ": "
                        + outcome.vms() + " VMs, " + outcome.metricReads() + " metrics reads, " + outcome.samples()
                        + " samples, " + outcome.failures().size() + " failures";
        return new FunctionsInvocation(Map.of(), List.of(log), outcome);
    }
}
