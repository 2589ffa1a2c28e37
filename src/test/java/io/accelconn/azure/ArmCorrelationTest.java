package io.accelconn.azure;

import static io.accelconn.azure.EmulatedArm.nicBody;
import static io.accelconn.azure.EmulatedArm.nicId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;

import io.accelconn.emulator.FaultRule;
import io.accelconn.logging.LogContext;

/**
 * A NIC's decision sends its {@code armCorrelationId} to ARM on every call, retries included,
 * through the SDK's sync API (async plus {@code block()}), as ARM would see it: the emulator
 * answers the {@code x-ms-correlation-request-id} it received, as ARM does.
 */
class ArmCorrelationTest {

    static final String NIC = nicId("fw-corr-01");
    static EmulatedArm env;

    @BeforeAll
    static void start() {
        env = EmulatedArm.start();
        env.emulator.putNic(NIC, nicBody("eastus2", Map.of()));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    private static String correlationOfARead() {
        Response<NetworkInterfaceInner> r = env.arm.networkInterfaces(EmulatedArm.SUB)
                .getByResourceGroupWithResponse(EmulatedArm.RG, "fw-corr-01", null, Context.NONE);
        return r.getHeaders().getValue(ArmCorrelationPolicy.CORRELATION_REQUEST_ID);
    }

    @Test
    void callsInsideADecisionCarryItsCorrelationId() {
        try (LogContext scope = LogContext.nic(NIC)) {
            String id = LogContext.armCorrelationId();
            assertNotNull(id);
            assertEquals(id, correlationOfARead());
            assertEquals(id, correlationOfARead(), "every call of one decision under one id");
        }
    }

    @Test
    void retriedCallsKeepTheId() {
        env.emulator.inject(FaultRule.error("GET", "fw-corr-01", 503, "ServiceUnavailable", null, 2));
        try (LogContext scope = LogContext.nic(NIC)) {
            assertEquals(LogContext.armCorrelationId(), correlationOfARead());
        } finally {
            env.emulator.clearFaults();
        }
    }

    @Test
    void eachDecisionHasItsOwnIdAndNoneLeaksOut() {
        String first;
        try (LogContext scope = LogContext.nic(NIC)) {
            first = LogContext.armCorrelationId();
        }
        try (LogContext scope = LogContext.nic(NIC)) {
            assertNotEquals(first, LogContext.armCorrelationId());
        }
        assertEquals(null, LogContext.armCorrelationId());
        String assigned = correlationOfARead();
        assertNotNull(assigned, "outside a decision ARM assigns one");
        assertNotEquals(first, assigned);
    }
}
