package io.accelconn.events;

import java.util.concurrent.TimeUnit;

import io.accelconn.enforcement.NicDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The event path's meters (README "Metrics"): events by form and outcome, NIC decisions by
 * decision, and the time to handle an event (claim, ARM, record) as a histogram.
 */
final class EventMeters {

    static final String RECEIVED = "accelconn.events.received";
    static final String DECISIONS = "accelconn.events.decisions";
    static final String DURATION = "accelconn.events.duration";

    private EventMeters() {
    }

    static void record(MeterRegistry registry, EventForms.Item item, EventResult result, long startedNanos) {
        Counter.builder(RECEIVED).description("Events received, by delivery form and outcome")
                .tag("form", item.event() == null ? "unknown" : item.event().form())
                .tag("outcome", result.outcome()).register(registry).increment();
        for (NicDecision d : result.nics()) {
            Counter.builder(DECISIONS).description("NIC decisions of the event path, duplicates included")
                    .tag("decision", String.valueOf(d.decision())).register(registry).increment();
        }
        Timer.builder(DURATION).description("Time to handle one event: claim, ARM calls, record")
                .tag("outcome", result.outcome()).publishPercentileHistogram()
                .register(registry).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
