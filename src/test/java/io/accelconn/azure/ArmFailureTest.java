package io.accelconn.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;

/** Transient or permanent, from what ARM answered: one table, no I/O. */
class ArmFailureTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "400, SubscriptionNotRegisteredForFeature, PERMANENT",
            "400, InvalidParameter, PERMANENT",
            "403, AuthorizationFailed, PERMANENT",
            "403, LinkedAuthorizationFailed, PERMANENT",
            "404, ResourceNotFound, PERMANENT",
            "409, OperationNotAllowed, PERMANENT",
            "409, AnotherOperationInProgress, TRANSIENT",
            "429, RetryableErrorDueToAnotherOperation, TRANSIENT",
            "429, SubscriptionRequestsThrottled, TRANSIENT",
            "401, InvalidAuthenticationToken, TRANSIENT",
            "408, -, TRANSIENT",
            "412, PreconditionFailed, TRANSIENT",
            "500, InternalServerError, TRANSIENT",
            "503, ServiceUnavailable, TRANSIENT",
    })
    void armAnswers(int status, String code, ArmFailure.Kind kind) throws Exception {
        ArmFailure f = ArmFailure.of(management(status, code, "the raw ARM message, not for callers"));
        assertEquals(kind, f.kind());
        assertEquals(status, f.status());
        assertEquals(code, f.armErrorCode());
        assertFalse(f.summary().contains("raw ARM message"), f.summary());
        assertTrue(f.summary().contains("PUT /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n"),
                f.summary());
    }

    @Test
    void operationsThatEndedAreDoneThoseThatDidNotEndAreNot() {
        assertTrue(ArmFailure.of(new LongRunningOperationException("NIC update", "/x", "Failed", "InternalOperationError"))
                .permanent());
        assertTrue(ArmFailure.of(new LongRunningOperationException("VM start", "/x", "Canceled", null)).permanent());
        ArmFailure timedOut = ArmFailure.of(new LongRunningOperationException("VM start", "/x", "TimedOut after PT10M", null));
        assertFalse(timedOut.permanent());
    }

    @Test
    void exhaustedRetriesRacesAndBrokenConnectionsAreTransient() {
        ArmFailure exhausted = ArmFailure.of(new ArmRetriesExhaustedException("GET", "/x", 503, "ServiceUnavailable", 6, null));
        assertFalse(exhausted.permanent());
        assertEquals("ServiceUnavailable", exhausted.armErrorCode());
        assertFalse(ArmFailure.of(new ConcurrentNicUpdateException("/x", 5)).permanent());
        assertFalse(ArmFailure.of(new IllegalStateException("wrapped", new IOException("reset"))).permanent());
        assertFalse(ArmFailure.of(new IllegalStateException("something else")).permanent());
    }

    @Test
    void summariesEscapeWhatCameFromTheWire() {
        ArmFailure f = ArmFailure.of(new ArmRetriesExhaustedException("GET", "/x\r\nforged", 500, null, 3, null));
        assertFalse(f.summary().contains("\n"), f.summary());
    }

    private static ManagementException management(int status, String code, String message) throws Exception {
        HttpRequest request = new HttpRequest(HttpMethod.PUT,
                new URL("https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/"
                        + "networkInterfaces/n?api-version=2024-05-01"));
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
        HttpResponse response = new StubResponse(request, status, body);
        ManagementError error = code == null ? null
                : com.azure.json.JsonProviders.createReader("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}")
                        .readObject(ManagementError::fromJson);
        return new ManagementException("Status code " + status + ", " + body, response, error);
    }
}
