package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;
import io.github.akoc.world.HttpResult;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code opencloud.csp}: the Content-Security-Policy OpenCloud sends with its web UI lets the browser reach authentik
 * where the web UI needs it: discovery, token and userinfo by fetch (connect-src), the authorize endpoint in the
 * silent-renew iframe (frame-src). opencloud-compose allows {@code https://${IDP_DOMAIN}/} there (config/opencloud/csp.yaml
 * @42b4343); field reports: a wrong IDP_DOMAIN leaves a blank page (owncloud/ocis#10623, opencloud-eu/opencloud#2150), a
 * frame-src without the IdP breaks the renew after the access token's lifetime (opencloud-compose PR #292; stable-7.2).
 * Source matching follows CSP Level 3 (host, port, path prefix; fallback to child-src and default-src).
 */
public final class OpenCloudCspCheck implements Check {
    public static final String ID = "opencloud.csp";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String url = e.opencloudUrl() + "/";
        String host = e.names().idpHost();
        // authentik's OAuth2 endpoints are the same for every provider (authentik/providers/oauth2/urls.py)
        Map<String, List<String>> needed = new LinkedHashMap<>();
        needed.put("connect-src", List.of(e.issuerDiscoveryUrl(), "https://" + host + "/application/o/token/",
                "https://" + host + "/application/o/userinfo/"));
        needed.put("frame-src", List.of("https://" + host + "/application/o/authorize/"));
        String expected = "connect-src allows " + needed.get("connect-src") + ", frame-src allows " + needed.get("frame-src");
        HttpResult r = ctx.get(url, Map.of("Accept", "text/html"));
        Optional<String> header = r.header("Content-Security-Policy");
        if (header.isEmpty()) {
            return List.of(r.status() / 100 == 2
                    ? Finding.pass(ID, url, expected, "no Content-Security-Policy header: nothing is blocked", GuideSteps.idpDomain(e))
                    : Finding.skip(ID, url, "the web UI answered status " + r.status() + " without a Content-Security-Policy"));
        }
        Policy policy = Policy.parse(header.get());
        URI self = URI.create(e.opencloudUrl());
        List<String> problems = new ArrayList<>();
        List<String> blockedDirectives = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        needed.forEach((directive, urls) -> {
            List<String> sources = policy.effective(directive);
            actual.add(directive + " " + String.join(" ", sources));
            List<String> blocked = urls.stream().filter(u -> !allows(sources, URI.create(u), self)).toList();
            if (!blocked.isEmpty()) {
                problems.add(directive + " blocks " + blocked);
                blockedDirectives.add(directive);
            }
        });
        if (problems.isEmpty()) {
            return List.of(Finding.pass(ID, url, expected, String.join("; ", actual), GuideSteps.idpDomain(e)));
        }
        return List.of(Finding.fail(ID, url, expected, String.join("; ", problems) + " (" + String.join("; ", actual) + ")",
                GuideSteps.idpDomain(e), remedy(policy, host, blockedDirectives)));
    }

    private static String remedy(Policy policy, String host, List<String> blocked) {
        boolean hostNamed = blocked.stream().allMatch(d -> policy.effective(d).stream()
                .anyMatch(s -> s.toLowerCase(Locale.ROOT).contains("//" + host.toLowerCase(Locale.ROOT))));
        if (hostNamed) {
            return "Allow the whole origin 'https://" + host + "/' in " + String.join(" and ", blocked)
                    + " of config/opencloud/csp.yaml: a source with a path or another port blocks authentik's other endpoints.";
        }
        if (blocked.equals(List.of("frame-src"))) {
            return "Add 'https://${IDP_DOMAIN}${TRAEFIK_PORT_HTTPS}/' to frame-src in config/opencloud/csp.yaml (opencloud-compose "
                    + "before PR #292, e.g. stable-7.2, lacks it): the web UI renews its token with authentik's authorize endpoint in an iframe.";
        }
        return "Set IDP_DOMAIN=" + host + " in opencloud-compose's .env: its config/opencloud/csp.yaml allows "
                + "https://${IDP_DOMAIN}/ in connect-src, frame-src and script-src (empty, it falls back to keycloak.opencloud.test).";
    }

    /** CSP Level 3 "does url match expression in origin with redirect count" for the source expressions used here. */
    static boolean allows(List<String> sources, URI url, URI self) {
        for (String raw : sources) {
            String s = raw.trim();
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.equals("*")) {
                return true;
            }
            if (lower.equals("'self'")) {
                if (sameOrigin(url, self)) {
                    return true;
                }
                continue;
            }
            if (lower.startsWith("'")) {
                continue; // 'none', 'unsafe-inline', nonces: no URL
            }
            if (lower.matches("[a-z][a-z0-9+.-]*:")) {
                if (schemeMatches(lower.substring(0, lower.length() - 1), url.getScheme())) {
                    return true;
                }
                continue;
            }
            if (hostSourceMatches(lower, url)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hostSourceMatches(String source, URI url) {
        String rest = source;
        String scheme = null;
        int sep = rest.indexOf("://");
        if (sep >= 0) {
            scheme = rest.substring(0, sep);
            rest = rest.substring(sep + 3);
        }
        int slash = rest.indexOf('/');
        String path = slash >= 0 ? rest.substring(slash) : "";
        String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
        String port = null;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0) {
            port = hostPort.substring(colon + 1);
            hostPort = hostPort.substring(0, colon);
        }
        String urlScheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme != null ? !schemeMatches(scheme, urlScheme) : !(urlScheme.equals("https") || urlScheme.equals("http"))) {
            return false;
        }
        String urlHost = url.getHost().toLowerCase(Locale.ROOT);
        boolean hostOk = hostPort.startsWith("*.") ? urlHost.endsWith(hostPort.substring(1)) : urlHost.equals(hostPort);
        if (!hostOk) {
            return false;
        }
        int urlPort = url.getPort() != -1 ? url.getPort() : defaultPort(urlScheme);
        if (port == null) {
            if (urlPort != defaultPort(urlScheme)) {
                return false;
            }
        } else if (!port.equals("*") && !port.equals(String.valueOf(urlPort))) {
            return false;
        }
        if (path.isEmpty() || path.equals("/")) {
            return true;
        }
        String urlPath = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return path.endsWith("/") ? urlPath.startsWith(path) : urlPath.equals(path);
    }

    /** A source's scheme matches the URL's own, and http also its secure upgrade (CSP3 "scheme-part match"). */
    private static boolean schemeMatches(String source, String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return source.equals(u) || (source.equals("http") && u.equals("https")) || (source.equals("ws") && u.equals("wss"));
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    private static boolean sameOrigin(URI a, URI b) {
        int pa = a.getPort() != -1 ? a.getPort() : defaultPort(a.getScheme());
        int pb = b.getPort() != -1 ? b.getPort() : defaultPort(b.getScheme());
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && pa == pb;
    }

    /** The policy's directives; the first of a repeated directive counts (CSP3 "parse a serialized CSP"). */
    record Policy(Map<String, List<String>> directives) {
        static Policy parse(String header) {
            Map<String, List<String>> d = new LinkedHashMap<>();
            for (String part : header.split(";")) {
                String[] tokens = part.trim().split("\\s+");
                if (tokens.length == 0 || tokens[0].isEmpty()) {
                    continue;
                }
                d.putIfAbsent(tokens[0].toLowerCase(Locale.ROOT), List.of(tokens).subList(1, tokens.length));
            }
            return new Policy(d);
        }

        /** The sources that govern a fetch of this directive's kind, with CSP3's fallback list. */
        List<String> effective(String directive) {
            List<String> order = switch (directive) {
                case "frame-src" -> List.of("frame-src", "child-src", "default-src");
                default -> List.of(directive, "default-src");
            };
            for (String name : order) {
                if (directives.containsKey(name)) {
                    return directives.get(name);
                }
            }
            return List.of("*");
        }
    }
}
