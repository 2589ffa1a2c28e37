package io.accelconn.functions;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.QueueInvocation;
import io.accelconn.api.RequestRejected;
import io.accelconn.sweep.SweepWorker;
import io.accelconn.sweep.WorkItem;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code POST /sweep-worker}: the {@code sweep-worker} queueTrigger, one work item per
 * invocation. A failure answers 503, which fails the invocation: the host makes the message
 * visible again and, after {@code maxDequeueCount} deliveries, moves it to the poison queue
 * (the item is recorded FAILED on that last delivery, so its run ends FAILED).
 */
public class SweepWorkerFunction {

    @Inject
    SweepWorker worker;

    @Inject
    ObjectMapper mapper;

    @Funq("sweep-worker")
    public FunctionsInvocation sweepWorker(JsonNode invocation) {
        QueueInvocation delivery = QueueInvocation.read(invocation, mapper);
        WorkItem item;
        try {
            item = mapper.treeToValue(delivery.message(), WorkItem.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            item = null;
        }
        if (item == null || item.runId() == null || item.subscriptionId() == null) {
            throw RequestRejected.badRequest("INVALID_WORK_ITEM", "the message is not a sweep work item {runId, subscriptionId, segment}");
        }
        SweepWorker.Outcome outcome;
        try {
            outcome = worker.process(item, delivery.dequeueCount());
        } catch (RequestRejected r) {
            throw r;
        } catch (RuntimeException failure) {
            throw new RequestRejected(503, "SWEEP_ITEM_FAILED", failure.getClass().getSimpleName()
                    + " on delivery " + delivery.dequeueCount() + "; the host delivers it again");
        }
        String log = "accelconn sweep " + outcome.runId() + " " + outcome.subscriptionId() + " " + outcome.result() + ": "
                + outcome.message();
        return new FunctionsInvocation(Map.of(), List.of(log), outcome);
    }
}
