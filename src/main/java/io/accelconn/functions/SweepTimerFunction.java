package io.accelconn.functions;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.TimerInvocation;
import io.accelconn.sweep.SweepReports;
import io.accelconn.sweep.SweepService;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code POST /sweep-timer}: the {@code sweep-timer} timerTrigger starts a run over the default
 * scope. A run still active for that scope is logged and the invocation succeeds: the schedule
 * fired while the last sweep was still at work, which is no failure.
 */
public class SweepTimerFunction {

    private static final Logger LOG = Logger.getLogger(SweepTimerFunction.class);

    @Inject
    SweepService sweeps;

    @Inject
    ObjectMapper mapper;

    @Funq("sweep-timer")
    public FunctionsInvocation sweepTimer(JsonNode invocation) {
        TimerInvocation timer = TimerInvocation.read(invocation, mapper);
        SweepReports.Started started = sweeps.start(null, "timer");
        String log = started.code() == null
                ? "accelconn sweep " + started.runId() + " started" + (timer.pastDue() ? " (the timer was past due)" : "")
                : "accelconn sweep not started: " + started.message();
        LOG.info(log);
        return new FunctionsInvocation(Map.of(), List.of(log), started);
    }
}
