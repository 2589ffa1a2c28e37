package io.accelconn.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.RequestRejected;

/** Every reference sample is read in the form it comes in; nothing here touches Azure. */
class EventFormsTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Path REF = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolveSibling("shared")
            .resolve("reference");

    static JsonNode sample(String path) throws IOException {
        return MAPPER.readTree(REF.resolve(path).toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = { "ResourceWriteSuccess.eventgrid-schema.docs.json", "ResourceDeleteSuccess.eventgrid-schema.docs.json",
            "ResourceWriteSuccessEvent.azure-sdk-for-java.json", "ResourceWriteFailureEvent.azure-sdk-for-java.json",
            "ResourceWriteSuccess.cloudevents-schema.docs.json" })
    void readsEveryReferenceEvent(String file) throws IOException {
        JsonNode body = sample("eventgrid/" + file);
        EventForms.Delivery d = EventForms.webhook(body, 5000);
        assertNull(d.validationCode());
        assertEquals(body.isArray() ? body.size() : 1, d.items().size());
        for (EventForms.Item item : d.items()) {
            assertNull(item.error(), () -> item.error().getMessage());
            ResourceEvent e = item.event();
            assertNotNull(e.id());
            assertTrue(e.type().startsWith("Microsoft.Resources."), e.type());
            assertEquals(file.contains("cloudevents") ? "cloudevents" : "eventgrid", e.form());
            assertNotNull(e.resourceUri());
        }
    }

    @Test
    void writeSuccessSampleIsAStorageWriteNotOurs() throws IOException {
        ResourceEvent e = EventForms.webhook(sample("eventgrid/ResourceWriteSuccess.eventgrid-schema.docs.json"), 10)
                .items().get(0).event();
        assertEquals("Microsoft.Storage/storageAccounts/write", e.operationName());
        assertEquals(java.time.Instant.parse("2018-07-19T18:38:04.6117357Z"), e.time());
        assertTrue(!e.isNicWrite() && !e.isVmWrite());
    }

    @Test
    void validationHandshake() throws IOException {
        EventForms.Delivery d = EventForms.webhook(sample("eventgrid/SubscriptionValidationEvent.request.docs.json"), 10);
        assertEquals("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", d.validationCode());
        assertEquals(sample("eventgrid/SubscriptionValidation.response.docs.json").path("validationResponse").asText(),
                d.validationCode());
    }

    @ParameterizedTest
    @ValueSource(strings = { "eventgrid-trigger.request.azfunc-fixture.eventgrid-schema.json",
            "eventgrid-trigger.request.azfunc-fixture.cloudevents-schema.json" })
    void functionsHostEnvelope(String file) throws IOException {
        EventForms.Item item = EventForms.functionsInvocation(sample("functions/" + file), MAPPER);
        assertNull(item.error());
        assertEquals("4e773554-f6b7-4ea2-b07d-4c5fd5aba741", item.event().id());
        assertEquals("created", item.event().type());
        assertEquals("functions", item.event().form());
    }

    @Test
    void functionsEnvelopeWithADoubleEncodedEvent() throws IOException {
        String event = "{\"id\":\"e1\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\",\"subject\":\"/x\","
                + "\"data\":{\"operationName\":\"Microsoft.Network/networkInterfaces/write\",\"resourceUri\":\"/subscriptions/a\"}}";
        JsonNode envelope = MAPPER.createObjectNode().set("Data", MAPPER.createObjectNode().put("event", event));
        ResourceEvent e = EventForms.functionsInvocation(envelope, MAPPER).event();
        assertTrue(e.isNicWrite());
        assertEquals("/subscriptions/a", e.resourceUri());
    }

    @Test
    void oneBadEventDoesNotSpoilTheBatch() throws IOException {
        JsonNode batch = MAPPER.readTree("""
                [{"id":"ok","eventType":"Microsoft.Resources.ResourceWriteSuccess","subject":"/s","data":{}},
                 {"eventType":"Microsoft.Resources.ResourceWriteSuccess","data":{}},
                 42,
                 {"id":"ce","specversion":"0.3","type":"x","source":"/s"}]""");
        var items = EventForms.webhook(batch, 10).items();
        assertNull(items.get(0).error());
        assertEquals("INVALID_EVENT", items.get(1).error().code());
        assertEquals("INVALID_EVENT", items.get(2).error().code());
        assertEquals("UNSUPPORTED_SPECVERSION", items.get(3).error().code());
        assertEquals("ce", items.get(3).id());
    }

    @Test
    void refusesWholeBodiesThatAreNoDelivery() throws IOException {
        assertEquals("EMPTY_BATCH", assertThrows(RequestRejected.class,
                () -> EventForms.webhook(MAPPER.readTree("[]"), 10)).code());
        assertEquals("INVALID_BODY", assertThrows(RequestRejected.class,
                () -> EventForms.webhook(MAPPER.readTree("\"x\""), 10)).code());
        assertEquals("BATCH_TOO_LARGE", assertThrows(RequestRejected.class,
                () -> EventForms.webhook(MAPPER.readTree("[{},{},{}]"), 2)).code());
        assertEquals("INVALID_INVOCATION", assertThrows(RequestRejected.class,
                () -> EventForms.functionsInvocation(MAPPER.readTree("{\"Data\":{}}"), MAPPER)).code());
        assertEquals("INVALID_VALIDATION_EVENT", assertThrows(RequestRejected.class, () -> EventForms.webhook(
                MAPPER.readTree("[{\"id\":\"v\",\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"data\":{}}]"),
                10)).code());
    }
}
