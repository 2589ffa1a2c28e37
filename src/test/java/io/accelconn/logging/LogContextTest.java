package io.accelconn.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

/** MDC scopes: set for the work, restored after it, wire text escaped. */
class LogContextTest {

    @Test
    void scopesNestAndRestore() {
        try (LogContext event = LogContext.event("e-1")) {
            assertEquals("e-1", MDC.get(LogContext.EVENT_ID));
            String first = LogContext.withNic("/nic/a", () -> {
                assertEquals("e-1", MDC.get(LogContext.EVENT_ID));
                assertEquals("/nic/a", MDC.get(LogContext.NIC_ID));
                return LogContext.armCorrelationId();
            });
            assertNull(MDC.get(LogContext.NIC_ID));
            assertNull(LogContext.armCorrelationId());
            String second = LogContext.withNic("/nic/b", LogContext::armCorrelationId);
            assertNotEquals(first, second, "each decision its own ARM correlation id");
        }
        assertNull(MDC.get(LogContext.EVENT_ID));
    }

    @Test
    void anInnerScopeOfTheSameKeyGivesBackTheOuterValue() {
        try (LogContext outer = LogContext.run("run-1")) {
            try (LogContext inner = LogContext.run("run-2")) {
                assertEquals("run-2", MDC.get(LogContext.RUN_ID));
            }
            assertEquals("run-1", MDC.get(LogContext.RUN_ID));
        }
        assertNull(MDC.get(LogContext.RUN_ID));
    }

    @Test
    void controlCharactersFromTheWireAreEscaped() {
        LogContext.withEvent("id\n2026-11-25 INFO forged line", () -> {
            String value = MDC.get(LogContext.EVENT_ID).toString();
            assertFalse(value.contains("\n"));
            assertEquals("id\\n2026-11-25 INFO forged line", value);
            return null;
        });
    }
}
