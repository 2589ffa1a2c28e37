package io.accelconn.audit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableTextTest {

    @Test
    void shortCleanTextIsUntouched() {
        String text = "{\"auxiliaryMode\":\"None\",\"tags\":{\"fastpathenabled\":\"true\"}} ☃ 😀\t\n";
        assertSame(text, TableText.fit(text, 100));
        assertNull(TableText.fit(null, 10));
    }

    @Test
    void longTextIsCutWithAMarkerWithinTheLimit() {
        String cut = TableText.fit("x".repeat(40_000), TableText.STATE_JSON);
        assertEquals(TableText.STATE_JSON, cut.length());
        assertTrue(cut.endsWith(TableText.TRUNCATED));
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String cut = TableText.fit("😀".repeat(100), 51);
        String kept = cut.substring(0, cut.length() - TableText.TRUNCATED.length());
        assertFalse(Character.isHighSurrogate(kept.charAt(kept.length() - 1)));
        assertTrue(cut.length() <= 51);
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreReplaced() {
        assertEquals("a\ufffdb\ufffdc\ufffd\t", TableText.fit("a\u0000b\ud800c\u007f\t", 100));
    }

    @Test
    void reasonsStayAValidArrayWithinTheLimit() {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reasons.add("REASON_" + i + "_" + "y\"".repeat(400));
        }
        String json = TableText.reasonsJson(reasons);
        assertTrue(json.length() <= TableText.REASONS_JSON, () -> "length " + json.length());
        List<String> back = TableText.reasons(json);
        assertTrue(back.size() < reasons.size());
        assertTrue(back.get(back.size() - 1).startsWith(TableText.TRUNCATED), back.get(back.size() - 1));
        assertEquals(reasons.get(0), back.get(0));
    }

    @Test
    void reasonsRoundTrip() {
        List<String> reasons = List.of("SKU_NOT_ELIGIBLE", "REGION_NOT_SUPPORTED", "it's \"quoted\"");
        assertEquals(reasons, TableText.reasons(TableText.reasonsJson(reasons)));
        assertEquals(List.of(), TableText.reasons(TableText.reasonsJson(List.of())));
        assertEquals(List.of("not json"), TableText.reasons("not json"));
    }
}
