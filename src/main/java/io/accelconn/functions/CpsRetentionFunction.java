package io.accelconn.functions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.TimerInvocation;
import io.accelconn.telemetry.Retention;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** {@code POST /cps-retention}: the {@code cps-retention} timerTrigger function (an empty body runs it by hand). */
public class CpsRetentionFunction {

    @Inject
    Retention retention;

    @Inject
    ObjectMapper mapper;

    @Funq("cps-retention")
    public FunctionsInvocation run(JsonNode invocation) {
        TimerInvocation timer = TimerInvocation.read(invocation, mapper);
        Retention.Outcome outcome = retention.run();
        String log = "accelconn cps-retention run " + outcome.runId() + (timer.pastDue() ? " (past due)" : "")
                + ": deleted " + outcome.entities() + " entities in " + outcome.partitions() + " resource-days before "
                + outcome.before() + (outcome.stoppedEarly() ? "; the next run continues" : "");
        return new FunctionsInvocation(Map.of(), List.of(log), outcome);
    }
}
