package io.github.akoc.stack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComposeInterpolationTest {
    private final ComposeInterpolation i = new ComposeInterpolation(Map.of("SET", "value", "EMPTY", ""));

    private String apply(String s) {
        return i.apply(s, "test");
    }

    @Test
    void plainAndBracedVariables() {
        assertEquals("a-value-b", apply("a-${SET}-b"));
        assertEquals("value/x", apply("$SET/x"));
        assertEquals("[]", apply("[${UNSET}]"), "unset is empty, as compose does");
        assertEquals("no variables", apply("no variables"));
    }

    @Test
    void dollarDollarIsALiteralDollar() {
        assertEquals("$SET and ${SET}", apply("$$SET and $${SET}"));
    }

    @Test
    void colonDashDefaultsWhenUnsetOrEmpty() {
        assertEquals("value", apply("${SET:-d}"));
        assertEquals("d", apply("${EMPTY:-d}"));
        assertEquals("d", apply("${UNSET:-d}"));
        assertEquals("", apply("${UNSET:-}"));
    }

    @Test
    void dashDefaultsOnlyWhenUnset() {
        assertEquals("value", apply("${SET-d}"));
        assertEquals("", apply("${EMPTY-d}"));
        assertEquals("d", apply("${UNSET-d}"));
    }

    @Test
    void colonPlusGivesAlternativeOnlyWhenSetAndNonEmpty() {
        assertEquals(":", apply("${SET:+:}"));
        assertEquals("", apply("${EMPTY:+:}"));
        assertEquals("", apply("${UNSET:+:}"));
        assertEquals("alt", apply("${EMPTY+alt}"));
    }

    @Test
    void colonQuestionFailsWhenUnsetOrEmptyWithTheMessage() {
        assertEquals("value", apply("${SET:?needed}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apply("${EMPTY:?set EMPTY please}"));
        assertTrue(e.getMessage().contains("EMPTY") && e.getMessage().contains("set EMPTY please"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> apply("${UNSET:?x}"));
        assertEquals("", apply("${EMPTY?x}"), "without ':' an empty value is set");
    }

    @Test
    void defaultsNest() {
        assertEquals("value", apply("${UNSET:-${SET}}"));
        assertEquals("https://x/value", apply("${UNSET:-https://x/${SET:-no}}"));
    }

    @Test
    void malformedIsRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apply("${SET"));
        assertTrue(e.getMessage().contains("test"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> apply("${}"));
        assertThrows(IllegalArgumentException.class, () -> apply("a $ b"));
    }
}
