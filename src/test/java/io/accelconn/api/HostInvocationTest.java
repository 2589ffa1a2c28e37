package io.accelconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.testsupport.SharedReference;

/** The host's invocation envelopes, read from what real hosts sent (../shared/reference/functions). */
class HostInvocationTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void capturedTimerInvocationWithoutScheduleStatus() {
        TimerInvocation t = TimerInvocation.read(SharedReference.json("functions/timer-trigger.request.captured.json"), MAPPER);
        assertEquals("timer", t.binding());
        assertFalse(t.pastDue());
        assertNull(t.last());
        assertNull(t.next());
        assertEquals("azure", t.function());
    }

    @Test
    void timerInfoWithScheduleStatusAsTheJavaWorkerLoggedIt() throws Exception {
        JsonNode info = SharedReference.json("functions/timerInfo.java-worker-log.spring-cloud-function.json");
        ObjectNode envelope = MAPPER.createObjectNode();
        ((ObjectNode) info).put("IsPastDue", true);
        envelope.putObject("Data").set("sweepTimer", info);
        TimerInvocation t = TimerInvocation.read(envelope, MAPPER);
        assertEquals("sweepTimer", t.binding());
        assertTrue(t.pastDue());
        assertEquals(OffsetDateTime.parse("2022-10-11T10:52:00.003967+02:00"), t.last());
        assertEquals(OffsetDateTime.parse("2022-10-11T10:53:00+02:00"), t.next());
    }

    @Test
    void timerObjectSentAsAStringIsReadToo() throws Exception {
        JsonNode envelope = MAPPER.readTree("{\"Data\":{\"timer\":\"{\\\"IsPastDue\\\":true}\"},\"Metadata\":{}}");
        assertTrue(TimerInvocation.read(envelope, MAPPER).pastDue());
    }

    @Test
    void emptyBodyIsAManualRun() throws Exception {
        TimerInvocation t = TimerInvocation.read(MAPPER.readTree("{}"), MAPPER);
        assertFalse(t.pastDue());
        assertNull(t.binding());
        assertFalse(TimerInvocation.read(null, MAPPER).pastDue());
    }

    @Test
    void notATimerInvocationIsRefusedWithAReasonCode() throws Exception {
        for (String body : new String[] { "[1]", "{\"Data\":5}", "{\"Data\":{\"a\":{},\"b\":{}}}", "{\"Data\":{\"t\":7}}" }) {
            RequestRejected r = assertThrows(RequestRejected.class, () -> TimerInvocation.read(MAPPER.readTree(body), MAPPER));
            assertEquals("INVALID_INVOCATION", r.code());
            assertEquals(400, r.status());
        }
    }

    @Test
    void queueMessagesAndMetadataLoseTheHostsStringLayers() {
        JsonNode moris = SharedReference.json("functions/queue-trigger.request.captured.m-moris.json");
        assertEquals("hello!!", HostValues.text(moris.path("Data").path("queue"), MAPPER));
        assertEquals("52d53c5f-e212-487e-998b-abbe3b9d51e4", HostValues.text(moris.path("Metadata").path("Id"), MAPPER));
        assertEquals("1", HostValues.text(moris.path("Metadata").path("DequeueCount"), MAPPER));

        JsonNode gewo = SharedReference.json("functions/queue-trigger.request.captured.gewoscout.json");
        JsonNode message = HostValues.decoded(gewo.path("Data").path("msg"), MAPPER);
        assertTrue(message.isObject(), message.toString());
        assertEquals("viennaHousingScraper002", message.path("scraperId").asText());
        assertEquals("5", HostValues.text(gewo.path("Metadata").path("DequeueCount"), MAPPER));
    }

    @Test
    void textThatIsNotJsonStaysAsItIs() {
        assertEquals("{not json", HostValues.text(MAPPER.getNodeFactory().textNode("{not json"), MAPPER));
        assertNull(HostValues.text(MAPPER.missingNode(), MAPPER));
    }
}
