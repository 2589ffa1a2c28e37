package io.accelconn.functions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.TimerInvocation;
import io.accelconn.enforcement.NicEnforcer;
import io.accelconn.enforcement.VmRestarts;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code POST /restart-journal}: the {@code restart-journal} timerTrigger function. Finishes every
 * open restart journal entry: starts the VMs accelconn stopped and could not start again,
 * closes what is settled, leaves what is still moving for the next run.
 */
public class RestartJournalFunction {

    @Inject
    NicEnforcer enforcer;

    @Inject
    ObjectMapper mapper;

    @Funq("restart-journal")
    public FunctionsInvocation restartJournal(JsonNode invocation) {
        TimerInvocation timer = TimerInvocation.read(invocation, mapper);
        VmRestarts.FinishReport report = enforcer.finishRestarts(null);
        String log = "accelconn restart journal" + (timer.pastDue() ? " (past due)" : "") + ": " + report.open()
                + " open, " + report.started() + " started, " + report.closed() + " closed, " + report.waiting()
                + " waiting, " + report.failed() + " failed";
        return new FunctionsInvocation(Map.of(), List.of(log), report);
    }
}
