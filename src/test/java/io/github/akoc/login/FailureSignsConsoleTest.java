package io.github.akoc.login;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console signs, on lines as Chromium writes them (BrowserLoginDriver reads them through WebDriver's log). */
class FailureSignsConsoleTest {
    @Test
    void aScriptLostToANetworkChangeIsWorthAReloadOtherLoadFailuresAreNot() {
        assertTrue(FailureSigns.networkChanged(List.of(
                "2026-12-07T23:59:48.904Z SEVERE https://opencloud.company/js/opencloud-web.js - Failed to load resource: net::ERR_NETWORK_CHANGED")));
        assertFalse(FailureSigns.networkChanged(List.of(
                "2026-12-07T23:59:49.089Z SEVERE https://opencloud.company/favicon.ico - Failed to load resource: the server responded with a status of 404 ()",
                "2026-12-07T23:59:49.100Z SEVERE https://authentik.company/x.js - Failed to load resource: net::ERR_CONNECTION_REFUSED")));
    }
}
