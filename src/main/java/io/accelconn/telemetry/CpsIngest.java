package io.accelconn.telemetry;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.JsonFields;
import io.accelconn.api.RequestRejected;
import io.accelconn.azure.ResourceId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code POST /cps}: samples in, validated as a whole (one bad sample and nothing is written),
 * written in Table transactions, and acknowledged only as far as they were committed.
 */
@ApplicationScoped
public class CpsIngest {

    /**
     * What a request achieved.
     *
     * @param runs     cps tool runs read from text output; null for JSON
     * @param warnings what was skipped in text output (a line cut off), never for JSON
     */
    public record Result(WriteReport write, Integer runs, List<String> warnings) {
    }

    private final SampleStore store;
    private final TelemetryConfig config;
    private final SampleRules rules;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final MeterRegistry registry;

    @Inject
    CpsIngest(SampleStore store, TelemetryConfig config, ObjectMapper mapper, MeterRegistry registry) {
        this(store, config, mapper, registry, Clock.systemUTC());
    }

    public CpsIngest(SampleStore store, TelemetryConfig config, ObjectMapper mapper, MeterRegistry registry, Clock clock) {
        this.store = store;
        this.config = config;
        this.rules = new SampleRules(config);
        this.mapper = mapper;
        this.registry = registry;
        this.clock = clock;
    }

    /** Refuses settings that contradict each other before the first request meets them. */
    void checkSettings(@Observes StartupEvent start) {
        check(config);
    }

    static void check(TelemetryConfig config) {
        if (config.maxSamplesPerRequest() < 1) {
            throw new IllegalStateException("accelconn.telemetry.max-samples-per-request must be at least 1");
        }
        if (config.maxSampleAge().compareTo(config.retention()) > 0) {
            throw new IllegalStateException("accelconn.telemetry.max-sample-age (" + config.maxSampleAge()
                    + ") exceeds retention (" + config.retention() + "): accepted samples would be deleted at once");
        }
        if (config.retention().isNegative() || config.retention().isZero() || config.maxReportWindow().isNegative()
                || config.maxReportWindow().isZero() || config.maxClockSkew().isNegative()) {
            throw new IllegalStateException("accelconn.telemetry durations must be positive");
        }
    }

    /** A JSON body: one sample or an array. */
    public Result json(byte[] body) {
        try {
            return readJson(body);
        } catch (RequestRejected e) {
            throw rejected("json", e);
        }
    }

    /**
     * The cps tool's output for one resource.
     *
     * @param end    when the (last) run ended, ISO-8601: the tool prints no clock time
     * @param labels {@code before}, {@code after} or any other
     */
    public Result toolOutput(byte[] body, String resourceId, String end, List<String> labels) {
        try {
            return readToolOutput(body, resourceId, end, labels);
        } catch (RequestRejected e) {
            throw rejected(CpsSample.CPS_TOOL, e);
        }
    }

    /** Counts a refused request (nothing of it was written) by form and reason code, a bounded set. */
    private RequestRejected rejected(String form, RequestRejected e) {
        registry.counter("accelconn.telemetry.rejected", "form", form, "code", e.code()).increment();
        return e;
    }

    private Result readJson(byte[] body) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestRejected.badRequest("MALFORMED_JSON", "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RequestRejected.badRequest("MALFORMED_JSON", "the request body could not be read");
        }
        List<CpsSample> samples = SampleJson.read(tree, rules, config.maxSamplesPerRequest(), clock.instant());
        return new Result(write("json", samples), null, List.of());
    }

    private Result readToolOutput(byte[] body, String resourceId, String end, List<String> labels) {
        if (resourceId == null || resourceId.isBlank()) {
            throw RequestRejected.badRequest(JsonFields.MISSING_FIELD, "the query parameter resourceId (the NIC or VM "
                    + "the tool ran on) is required with text/plain");
        }
        if (end == null || end.isBlank()) {
            throw RequestRejected.badRequest(JsonFields.MISSING_FIELD, "the query parameter timestamp (when the run "
                    + "ended, e.g. $(date -u +%FT%TZ)) is required with text/plain: the tool prints no clock time");
        }
        ResourceId resource = SampleRules.resource(resourceId.strip(), "resourceId");
        Instant now = clock.instant();
        Instant runEnd = rules.timestamp(SampleJson.instant(end.strip(), "timestamp"), now, "timestamp");
        List<String> cleanLabels = SampleRules.labels(labels == null ? List.of() : labels, "label");
        if (body == null || body.length == 0) {
            throw RequestRejected.badRequest("MISSING_BODY", "send the cps tool's output as the body");
        }
        CpsToolOutput.Parsed parsed = CpsToolOutput.parse(utf8(body));
        List<CpsSample> samples = CpsToolOutput.samples(parsed, resource, runEnd, cleanLabels, rules, now);
        if (samples.size() > config.maxSamplesPerRequest()) {
            throw RequestRejected.badRequest(SampleRules.BATCH_TOO_LARGE, "the output holds " + samples.size()
                    + " samples; at most " + config.maxSamplesPerRequest()
                    + " per request (accelconn.telemetry.max-samples-per-request): send the runs one by one");
        }
        return new Result(write(CpsSample.CPS_TOOL, samples), parsed.runs().size(), parsed.warnings());
    }

    private WriteReport write(String form, List<CpsSample> samples) {
        Timer.Sample timing = Timer.start(registry);
        WriteReport report = store.write(samples);
        timing.stop(Timer.builder("accelconn.telemetry.ingest")
                .description("POST /cps from body in to answer, by body form and outcome")
                .publishPercentileHistogram()
                .tag("form", form)
                .tag("outcome", report.complete() ? "written" : report.committed().isEmpty() ? "failed" : "partial")
                .register(registry));
        return report; // a failure was logged by the store, with its cause
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw RequestRejected.badRequest(CpsToolOutput.NOT_CPS_OUTPUT, "the body is not text (UTF-8): the cps tool "
                    + "prints ASCII");
        }
    }
}
