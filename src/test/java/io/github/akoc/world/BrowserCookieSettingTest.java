package io.github.akoc.world;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserCookieSettingTest {
    @AfterEach
    void clear() {
        System.clearProperty(World.THIRD_PARTY_COOKIES);
    }

    @Test
    void allowedByDefaultBlockedOnAskWithoutChromiumsExceptions() {
        World world = new World(Map.of(), TestCa.create().sslContext(), null);
        assertEquals(0, world.chromiumPrefs().get("profile.cookie_controls_mode"));
        assertFalse(world.chromiumFlags().contains("--test-third-party-cookie-phaseout"));
        assertEquals(Map.of("browser third-party cookies", "allowed"), World.browserSettings());

        System.setProperty(World.THIRD_PARTY_COOKIES, "block");
        assertEquals(2, world.chromiumPrefs().get("profile.cookie_controls_mode"));
        assertTrue(world.chromiumFlags().containsAll(java.util.List.of("--test-third-party-cookie-phaseout",
                "--disable-features=TpcdHeuristicsGrants")), world.chromiumFlags().toString());
        assertEquals(Map.of("browser third-party cookies", "blocked"), World.browserSettings());
    }

    @Test
    void anotherValueIsRefusedNamingTheProperty() {
        System.setProperty(World.THIRD_PARTY_COOKIES, "sometimes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, World::thirdPartyCookiesAllowed);
        assertTrue(e.getMessage().contains("-De2e.browser.third-party-cookies=sometimes") && e.getMessage().contains("allow or block"), e.getMessage());
    }
}
