package io.accelconn.azure;

import com.azure.core.management.exception.ManagementException;
import io.accelconn.emulator.EmulatorOptions;
import io.accelconn.emulator.FaultRule;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static io.accelconn.azure.EmulatedArm.nicBody;
import static io.accelconn.azure.EmulatedArm.nicId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Throttling and faults: what is retried, how long it waits, and what is not retried. */
class ArmFaultsTest {

    static final String NIC = nicId("fw-nic-01");
    static final String NIC_PATH = "/networkInterfaces/fw-nic-01$";
    static final NicChange ACCELERATE = new NicChange("AcceleratedConnections", "A4", Map.of("fastpathenabled", "true"));

    static EmulatedArm env;

    @BeforeAll
    static void start() {
        env = EmulatedArm.start(EmulatorOptions.defaults(), "retry.max-attempts", "4");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void seed() {
        env.emulator.reset();
        env.emulator.putNic(NIC, nicBody("westeurope", Map.of("owner", "bob")));
    }

    @Test
    void throttledReadWaitsAsRetryAfterSays() {
        env.emulator.inject(FaultRule.error("GET", NIC_PATH, 429, "SubscriptionRequestsThrottled", 1, 1));
        double before = env.meter(ArmMetrics.RETRIES, "reason", "throttled");
        long start = System.nanoTime();
        Nic nic = env.nics.get(NIC).orElseThrow();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals("fw-nic-01", nic.name());
        assertTrue(elapsedMs >= 1000, "waited " + elapsedMs + " ms, Retry-After said 1 s");
        assertTrue(elapsedMs < 10_000, "and not much longer: " + elapsedMs + " ms");
        assertEquals(2, env.emulator.count("nic.get"));
        assertEquals(1, env.emulator.count("fault"));
        assertEquals(before + 1, env.meter(ArmMetrics.RETRIES, "reason", "throttled"));
    }

    @Test
    void busyNicIsRetried() {
        env.emulator.inject(FaultRule.error("PUT", NIC_PATH, 409, "AnotherOperationInProgress", null, 1));
        env.emulator.inject(FaultRule.error("PUT", NIC_PATH, 429, "RetryableErrorDueToAnotherOperation", null, 1));
        double before = env.meter(ArmMetrics.RETRIES, "reason", "busy");

        WriteOutcome outcome = env.nics.apply(NIC, nic -> Optional.of(ACCELERATE));

        assertTrue(outcome.written());
        assertEquals(1, outcome.attempts(), "a busy NIC is retried as-is, not re-decided");
        assertEquals("A4", outcome.after().auxiliarySku());
        assertEquals(3, env.emulator.count("nic.put"));
        assertEquals(2, env.emulator.count("fault"));
        assertEquals(before + 2, env.meter(ArmMetrics.RETRIES, "reason", "busy"));
    }

    @Test
    void conflictOtherThanBusyIsNotRetried() {
        env.emulator.inject(FaultRule.error("PUT", NIC_PATH, 409, "InUseNetworkInterfaceCannotBeDeleted", null, -1));
        ManagementException e = assertThrows(ManagementException.class, () -> env.nics.apply(NIC, nic -> Optional.of(ACCELERATE)));
        assertEquals(409, e.getResponse().getStatusCode());
        assertEquals(1, env.emulator.count("nic.put"));
    }

    @Test
    void serverErrorsAreRetriedAFewTimesThenFailClearly() {
        env.emulator.inject(FaultRule.error("GET", NIC_PATH, 503, "ServiceUnavailable", null, -1));
        ArmRetriesExhaustedException e = assertThrows(ArmRetriesExhaustedException.class, () -> env.nics.get(NIC));
        assertEquals(503, e.statusCode());
        assertEquals("ServiceUnavailable", e.errorCode());
        assertEquals(4, e.attempts());
        assertTrue(e.getMessage().contains("GET") && e.getMessage().contains("503")
                && e.getMessage().contains("ServiceUnavailable") && e.getMessage().contains("4 attempts"), e.getMessage());
        assertEquals(4, env.emulator.count("nic.get"), "max-attempts = 4");
        assertEquals(4, env.emulator.count("fault"));
    }

    @Test
    void transientServerErrorThenSuccess() {
        env.emulator.inject(FaultRule.error("GET", NIC_PATH, 500, "InternalServerError", null, 1));
        env.emulator.inject(FaultRule.error("GET", NIC_PATH, 502, "BadGateway", null, 1));
        env.emulator.inject(FaultRule.error("GET", NIC_PATH, 504, "GatewayTimeout", null, 1));
        assertTrue(env.nics.get(NIC).isPresent());
        assertEquals(4, env.emulator.count("nic.get"));
    }

    @Test
    void clientErrorsAreNotRetried() {
        for (int status : new int[] {400, 401, 403, 412}) {
            env.emulator.resetCounts();
            env.emulator.clearFaults();
            env.emulator.inject(FaultRule.error("GET", NIC_PATH, status, "Injected" + status, null, -1));
            ManagementException e = assertThrows(ManagementException.class, () -> env.nics.get(NIC), "status " + status);
            assertEquals(status, e.getResponse().getStatusCode());
            assertEquals(1, env.emulator.count("nic.get"), "status " + status + " must not be retried");
        }
    }

    @Test
    void connectionFailuresAreRetriedThenReported() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (EmulatedArm dead = new DeadEndpoint(closedPort).env()) {
            ArmRetriesExhaustedException e = assertThrows(ArmRetriesExhaustedException.class, () -> dead.nics.get(NIC));
            assertEquals(0, e.statusCode());
            assertEquals(2, e.attempts());
            assertEquals(1, dead.meter(ArmMetrics.RETRIES, "reason", "connection"));
        }
    }

    @Test
    void rateLimitHeadersBecomeGaugesAndRequestsAreCounted() {
        double gets = env.meter(ArmMetrics.REQUESTS, "method", "GET");
        env.nics.get(NIC);
        Gauge reads = env.meters.find(ArmMetrics.REMAINING)
                .tag("subscription", EmulatedArm.SUB.toLowerCase()).tag("limit", "subscription-reads").gauge();
        assertNotNull(reads, "x-ms-ratelimit-remaining-subscription-reads recorded");
        assertTrue(reads.value() > 0 && reads.value() < 250, "remaining " + reads.value());
        assertEquals(gets + 1, env.meter(ArmMetrics.REQUESTS, "method", "GET"));
    }

    /** ArmClients pointed at a port nobody listens on. */
    record DeadEndpoint(int port) {
        EmulatedArm env() {
            return EmulatedArm.startAgainst("http://127.0.0.1:" + port, "retry.max-attempts", "2");
        }
    }
}
