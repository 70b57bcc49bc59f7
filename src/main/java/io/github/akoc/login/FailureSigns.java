package io.github.akoc.login;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a browser shows when a login has failed for good, read on every poll so the wait ends when the outcome is on
 * the screen instead of at the timeout. Each sign is what the real pages show (sources beside each); the evidence
 * (screenshot, page source, console) is kept by the caller.
 */
final class FailureSigns {
    private FailureSigns() {
    }

    /**
     * The first sign of a failed login on the current page, or empty while the login may still go on.
     *
     * @param newConsole the browser console's entries since the last poll
     * @param hosts      where the login may lead: OpenCloud's and authentik's hosts (lower case)
     */
    static Optional<String> shown(WebDriver d, List<String> newConsole, List<String> hosts) {
        return elsewhere(d, hosts)
                .or(() -> errorPage(d).map(text -> "an error page on " + host(String.valueOf(d.getCurrentUrl())) + ": " + text))
                .or(() -> accessDenied(d, newConsole))
                // the browser's refusals name the cause the web UI's own error ("Failed to fetch") hides
                .or(() -> cspRefusal(newConsole, hosts))
                .or(() -> corsRefusal(newConsole, hosts))
                .or(() -> webUiError(d, newConsole));
    }

    /** Chromium's own error page (net error: refused, unresolved, TLS): its #main-frame-error and error code. */
    private static Optional<String> networkError(WebDriver d) {
        if (d.findElements(By.cssSelector("#main-frame-error")).isEmpty()) {
            return Optional.empty();
        }
        String code = d.findElements(By.cssSelector(".error-code")).stream().map(WebElement::getText).map(String::trim)
                .filter(t -> !t.isEmpty()).findFirst().orElse("no error code shown");
        return Optional.of("the browser could not load " + d.getCurrentUrl() + " (" + code + ")");
    }

    /**
     * Chromium's ERR_NETWORK_CHANGED: the machine's network interfaces changed under the browser (a container network
     * created or removed beside it), not an answer of the deployment; worth one reload.
     */
    static boolean networkChanged(WebDriver d) {
        return networkError(d).filter(e -> e.contains("ERR_NETWORK_CHANGED")).isPresent();
    }

    /**
     * The same for a script or style the page loaded: Chromium logs "Failed to load resource: net::ERR_NETWORK_CHANGED"
     * and the page, without its script, stays blank with no error of its own.
     */
    static boolean networkChanged(List<String> newConsole) {
        return newConsole.stream().anyMatch(l -> l.contains("net::ERR_NETWORK_CHANGED"));
    }

    /** A page outside OpenCloud and authentik: a redirect the login cannot come back from. */
    private static Optional<String> elsewhere(WebDriver d, List<String> hosts) {
        String url = String.valueOf(d.getCurrentUrl());
        if (!url.startsWith("http")) {
            return Optional.empty(); // about:blank while the first page loads
        }
        String host = host(url);
        return hosts.contains(host) ? Optional.empty()
                : Optional.of("the browser was sent to " + url + ", neither " + String.join(" nor ", hosts)
                + networkError(d).map(e -> " (" + e.substring(e.lastIndexOf('(') + 1)).orElse(""));
    }

    /**
     * Chromium's error page for a request that got no answer; authentik's error page (lib/views.py bad_request_message →
     * if/error.html: the card and the "Go home" link #ak-back-home); or a page titled Not Found, Bad Request, Forbidden
     * or Server Error: its text.
     */
    static Optional<String> errorPage(WebDriver d) {
        Optional<String> network = networkError(d);
        if (network.isPresent()) {
            return network;
        }
        if (!d.findElements(By.cssSelector("#ak-back-home")).isEmpty()) {
            return Optional.of(pageText(d));
        }
        String title = String.valueOf(d.getTitle());
        return title.matches("(?i).*\\b(not found|bad request|server error|forbidden)\\b.*") ? Optional.of(title + ": " + pageText(d)) : Optional.empty();
    }

    /**
     * OpenCloud's web UI after it signed the user out again: when loading the user with the new token fails
     * (OpenCloud refused it), authService logs the error and routes to /access-denied, "Not logged in" with the
     * "Log in again" button #exitAnchor (opencloud-eu/web v7.2.0 authService.ts:160-180, router/setupAuthGuard.ts,
     * pages/accessDenied.vue).
     */
    private static Optional<String> accessDenied(WebDriver d, List<String> newConsole) {
        String path;
        try {
            path = URI.create(String.valueOf(d.getCurrentUrl())).getPath();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (path == null || !path.endsWith("/access-denied")) {
            return Optional.empty();
        }
        List<String> errors = newConsole.stream().filter(l -> l.contains("SEVERE") || l.contains("WARNING")).toList();
        return Optional.of("OpenCloud's web UI shows its access-denied page (" + pageText(d) + "): it did not accept the login authentik "
                + "completed" + (errors.isEmpty() ? "" : "; console: " + String.join(" | ", errors)));
    }

    /**
     * The web UI's own failures before or after authentik: the OpenCloud stand-in's #login-error; the real web UI's
     * "Missing or invalid config" page, whose cause (WebFinger) is written only to the console; an empty client id,
     * which leaves it on its spinner with oidc-client-ts' {@code Error: client_id} (or {@code scope}); and a callback
     * oidc-client-ts refused, which leaves it on the callback page with "error during authentication:" in the console
     * (authService.ts signInCallback).
     */
    private static Optional<String> webUiError(WebDriver d, List<String> newConsole) {
        for (WebElement e : d.findElements(By.cssSelector("#login-error"))) {
            if (e.isDisplayed() && !e.getText().isBlank()) {
                return Optional.of("the page shows a login error: " + e.getText().trim());
            }
        }
        Optional<String> webfinger = newConsole.stream().filter(l -> l.contains("could not be loaded via webfinger")).findFirst();
        Optional<String> shown = d.findElements(By.xpath("//*[contains(text(), 'could not be loaded via webfinger') "
                        + "or contains(text(), 'Missing or invalid config')]")).stream()
                .filter(WebElement::isDisplayed).map(e -> e.getText().trim()).findFirst();
        if (shown.isPresent()) {
            return Optional.of("the page shows a login error: " + shown.get() + webfinger.map(w -> " (console: " + w + ")").orElse(""));
        }
        return newConsole.stream().filter(l -> l.matches(".*\\bError: (client_id|scope)\\b.*")).findFirst()
                .map(l -> "the web UI cannot start the login (the client id or scopes WebFinger gave are empty): " + l)
                .or(() -> newConsole.stream().filter(l -> l.contains("error during authentication")).findFirst()
                        .map(l -> "the web UI could not complete the sign-in after authentik: " + l));
    }

    /**
     * The browser refused a request to OpenCloud or authentik by the page's Content-Security-Policy (Chromium's console:
     * "Refused to connect to 'URL' because it violates ..."): the web UI cannot reach authentik and stays on its spinner.
     */
    private static Optional<String> cspRefusal(List<String> newConsole, List<String> hosts) {
        return newConsole.stream()
                .filter(l -> l.contains("Refused to") && l.contains("Content Security Policy"))
                .filter(l -> hosts.stream().anyMatch(h -> l.toLowerCase(Locale.ROOT).contains("://" + h)))
                .findFirst().map(l -> "the browser refused a request by the page's Content-Security-Policy: " + l);
    }

    /**
     * The browser refused authentik's answer by CORS (Chromium's console: "... has been blocked by CORS policy"): authentik
     * lets an origin read discovery, token and userinfo only when it is the origin of one of that provider's redirect URIs
     * (providers/oauth2/utils.py cors_allow), so the web UI cannot read another application's discovery.
     */
    private static Optional<String> corsRefusal(List<String> newConsole, List<String> hosts) {
        return newConsole.stream()
                .filter(l -> l.contains("blocked by CORS policy"))
                .filter(l -> hosts.stream().anyMatch(h -> l.toLowerCase(Locale.ROOT).contains("://" + h)))
                .findFirst().map(l -> "the browser refused authentik's answer by CORS: " + l);
    }

    static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? "" : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static String pageText(WebDriver d) {
        try {
            return textOf(d.findElement(By.tagName("body")).getText());
        } catch (RuntimeException e) {
            return "(no page text: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** A page's text on one line, cut at 300 characters: what a finding quotes of a page. */
    static String textOf(String text) {
        String t = String.valueOf(text).replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
