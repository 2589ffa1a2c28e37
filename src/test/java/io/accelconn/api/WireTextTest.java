package io.accelconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WireTextTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("evt-1", "evt-1"),
                Arguments.of("evt\r\nINFO forged", "evt\\r\\nINFO forged"),
                Arguments.of("a\tb", "a\\tb"),
                Arguments.of("bell\u0007", "bell\\u0007"),
                Arguments.of("line\u2028sep", "line\\u2028sep"),
                Arguments.of("Zürich 東京", "Zürich 東京"),
                Arguments.of(null, "null"));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void escapesControlCharactersAndKeepsTheRest(String in, String out) {
        assertEquals(out, WireText.escape(in));
    }

    @ParameterizedTest
    @CsvSource({ "1024", "5000" })
    void cutsLongText(int length) {
        String escaped = WireText.escape("x".repeat(length));
        assertTrue(escaped.length() <= WireText.MAX_CHARS + 20, "length " + escaped.length());
        assertEquals(length > WireText.MAX_CHARS, escaped.endsWith("more]"));
    }
}
