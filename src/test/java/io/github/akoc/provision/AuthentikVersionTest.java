package io.github.akoc.provision;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthentikVersionTest {
    private static AuthentikVersion v(String s) {
        return AuthentikVersion.parse(s);
    }

    @Test
    void parsesAndComparesNumerically() {
        assertEquals(new AuthentikVersion(2026, 8, 3), v("2026.8.3"));
        assertTrue(v("2024.10.3").compareTo(v("2024.8.5")) > 0, "10 > 8, not as text");
        assertTrue(v("2025.10.4").compareTo(v("2025.10.12")) < 0);
        assertEquals("2024.12.3", v("2024.12.3").toString());
        assertEquals(v("2026.5.6"), v("2026.5.6-rc1"));
    }

    @Test
    void refusesWhatIsNotAReleaseNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v("latest"));
        assertTrue(e.getMessage().contains("'latest'") && e.getMessage().contains("YEAR.MONTH.PATCH"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v("2026.8"));
        assertThrows(IllegalArgumentException.class, () -> v(null));
    }

    @Test
    void redirectUrisBecomeAListWithTheCveFixOnBothLines() {
        assertFalse(v("2024.6.4").redirectUrisAsList());
        assertFalse(v("2024.8.3").redirectUrisAsList());
        assertFalse(v("2024.8.4").redirectUrisAsList());
        assertTrue(v("2024.8.5").redirectUrisAsList());
        assertFalse(v("2024.10.2").redirectUrisAsList());
        assertTrue(v("2024.10.3").redirectUrisAsList());
        assertTrue(v("2024.12.3").redirectUrisAsList());
        assertTrue(v("2026.8.3").redirectUrisAsList());
    }

    @Test
    void scopeMappingsMovedUnderProviderIn2024_8() {
        assertEquals("propertymappings/scope/", v("2024.6.4").scopeMappingPath());
        assertEquals("propertymappings/provider/scope/", v("2024.8.0").scopeMappingPath());
        assertEquals("propertymappings/provider/scope/", v("2026.8.3").scopeMappingPath());
    }

    @Test
    void grantTypesFrom2026_5AndRedisBefore2025_10() {
        assertFalse(v("2026.2.9").grantTypes());
        assertTrue(v("2026.5.0").grantTypes());
        assertTrue(v("2026.8.3").grantTypes());
        assertTrue(v("2025.8.4").redis());
        assertFalse(v("2025.10.0").redis());
        assertFalse(v("2024.12.3").refreshTokenThreshold());
        assertTrue(v("2025.10.4").refreshTokenThreshold());
    }
}
