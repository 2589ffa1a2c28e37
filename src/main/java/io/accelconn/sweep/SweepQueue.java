package io.accelconn.sweep;

import java.time.Duration;

import com.azure.core.util.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.storage.QueueClients;
import jakarta.enterprise.context.ApplicationScoped;

/** Puts work items on the sweep queue, where the Functions host hands each to {@code sweep-worker}. */
@ApplicationScoped
class SweepQueue {

    private final QueueClients queues;
    private final SweepConfig config;
    private final ObjectMapper mapper;

    SweepQueue(QueueClients queues, SweepConfig config, ObjectMapper mapper) {
        this.queues = queues;
        this.config = config;
        this.mapper = mapper;
    }

    /** @param delay how long the message stays invisible; zero = at once */
    void enqueue(WorkItem item, Duration delay) {
        String body;
        try {
            body = mapper.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a work item is always JSON", e);
        }
        queues.queue(config.queue()).sendMessageWithResponse(body, delay.isNegative() ? Duration.ZERO : delay, null, null,
                Context.NONE);
    }
}
