package io.accelconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.testsupport.SharedReference;

/** The queue trigger's envelope as real Functions hosts sent it (../shared/reference/functions). */
class QueueInvocationTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void capturedTextMessageIsDecodedOnce() {
        QueueInvocation q = QueueInvocation.read(SharedReference.json("functions/queue-trigger.request.captured.m-moris.json"), MAPPER);
        assertEquals("queue", q.binding());
        assertEquals("hello!!", q.message().textValue());
        assertEquals(1, q.dequeueCount());
        assertEquals("52d53c5f-e212-487e-998b-abbe3b9d51e4", q.messageId());
    }

    @Test
    void capturedJsonMessageBecomesAnObject() {
        QueueInvocation q = QueueInvocation.read(SharedReference.json("functions/queue-trigger.request.captured.gewoscout.json"), MAPPER);
        assertEquals("msg", q.binding());
        assertEquals("viennaHousingScraper002", q.message().path("scraperId").textValue());
        assertEquals(5, q.dequeueCount(), "its fifth delivery: the last before the poison queue");
    }

    @Test
    void documentedEnvelopeWithANumericCountReadsToo() {
        QueueInvocation q = QueueInvocation.read(SharedReference.json("functions/queue-trigger.request.docs.json"), MAPPER);
        assertEquals(1, q.dequeueCount());
        assertEquals("800ae4b3-bdd2-4c08-badd-f08e5a34b865", q.messageId());
    }

    @Test
    void notAQueueInvocationIsRefusedWithAReasonCode() throws Exception {
        for (String body : new String[] {"{}", "[]", "{\"Data\":{\"a\":1,\"b\":2}}",
                "{\"Data\":{\"m\":\"x\"},\"Metadata\":{\"DequeueCount\":\"many\"}}"}) {
            RequestRejected r = assertThrows(RequestRejected.class, () -> QueueInvocation.read(MAPPER.readTree(body), MAPPER), body);
            assertEquals("INVALID_INVOCATION", r.code());
        }
    }
}
