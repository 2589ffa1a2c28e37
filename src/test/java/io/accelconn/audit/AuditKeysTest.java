package io.accelconn.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditKeysTest {

    static final String NIC = "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg/providers/"
            + "Microsoft.Network/networkInterfaces/fw-nic-0";

    /** What Table Storage refuses in keys: / \ # ? and control characters (C0, DEL, C1). */
    private static final Pattern FORBIDDEN = Pattern.compile("[/\\\\#?\\x00-\\x1f\\x7f-\\x9f]");
    private static final Pattern ROW_KEY = Pattern.compile("([A-Za-z0-9._-]{1,128}|~[0-9a-f]{40})_[0-9a-f]{32}");

    static final List<String> HOSTILE = List.of("../", "..", "#", "?", "\\", "/", "\u0000", "a\u0007b", "\u007f",
            "\u0085", "a'b", "x".repeat(2048), "é".repeat(1500), "événement-☃-😀", "\ud800", "%2F", "  spaced  ",
            "line\nbreak", "x".repeat(129), "\u202e" + "evil");

    @Test
    void partitionKeyIsTheLowerCasedSubscriptionGuid() {
        assertEquals("0b1f6471-1bf0-4dda-aec3-cb9272f09590", AuditKeys.partitionKey("0B1F6471-1BF0-4DDA-AEC3-CB9272F09590"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "../", "{0b1f6471-1bf0-4dda-aec3-cb9272f09590}", "0b1f6471-1bf0-4dda-aec3-cb9272f0959",
            "0b1f6471-1bf0-4dda-aec3-cb9272f09590/x", "0b1f6471-1bf0-4dda-aec3-cb9272f0959#", "zb1f6471-1bf0-4dda-aec3-cb9272f09590"})
    void partitionKeyRefusesWhatIsNotAGuid(String subscriptionId) {
        InvalidAuditInputException e = assertThrows(InvalidAuditInputException.class, () -> AuditKeys.partitionKey(subscriptionId));
        assertEquals("INVALID_SUBSCRIPTION_ID", e.code());
        assertThrows(InvalidAuditInputException.class, () -> AuditKeys.partitionKey(null));
    }

    @Test
    void plainEventIdsAreKeptAsTheyAre() {
        String key = AuditKeys.rowKey("3f8a2b1c-0d4e-4f6a-9b8c-7d6e5f4a3b2c", NIC);
        assertTrue(key.startsWith("3f8a2b1c-0d4e-4f6a-9b8c-7d6e5f4a3b2c_"), key);
    }

    @Test
    void hostileIdsMakeValidDistinctDeterministicKeys() {
        Set<String> keys = new HashSet<>();
        for (String id : HOSTILE) {
            for (String nic : List.of(NIC, id)) {
                String key = AuditKeys.rowKey(id, nic);
                assertTrue(ROW_KEY.matcher(key).matches(), () -> "unexpected key shape: " + key);
                assertTrue(!FORBIDDEN.matcher(key).find() && key.length() <= 1024, key);
                assertEquals(key, AuditKeys.rowKey(id, nic));
                keys.add(key);
            }
        }
        assertEquals(HOSTILE.size() * 2, keys.size(), "every (event, NIC) gets its own key");
    }

    @Test
    void nicIdsAreCaseInsensitiveAndEventIdsAreNot() {
        assertEquals(AuditKeys.rowKey("e1", NIC), AuditKeys.rowKey("e1", NIC.toUpperCase()));
        assertNotEquals(AuditKeys.rowKey("e1", NIC), AuditKeys.rowKey("E1", NIC));
    }

    @Test
    void aHashedEventIdNeverCollidesWithAPlainOne() {
        String hashed = AuditKeys.rowKey("#", NIC);
        String eventPart = hashed.substring(0, hashed.lastIndexOf('_'));
        assertTrue(eventPart.startsWith("~"));
        // the hashed form is not a valid plain id, so no plain event id can produce it
        assertNotEquals(hashed, AuditKeys.rowKey(eventPart.substring(1), NIC));
    }

    @Test
    void missingIdsAreRefusedWithACode() {
        assertEquals("MISSING_EVENT_ID", assertThrows(InvalidAuditInputException.class, () -> AuditKeys.rowKey(" ", NIC)).code());
        assertEquals("MISSING_EVENT_ID", assertThrows(InvalidAuditInputException.class, () -> AuditKeys.rowKey(null, NIC)).code());
        assertEquals("MISSING_NIC_ID", assertThrows(InvalidAuditInputException.class, () -> AuditKeys.rowKey("e", "")).code());
    }
}
