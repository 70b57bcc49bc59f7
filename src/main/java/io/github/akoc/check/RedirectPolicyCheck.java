package io.github.akoc.check;

import io.github.akoc.login.AuthorizeOutcome;
import io.github.akoc.login.Session;
import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.RedirectUri;
import io.github.akoc.deployment.Deployment;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code redirect.policy}: per client, authentik redirects with a code to each registered redirect URI (a
 * concrete instance for regex ones) and never to a look-alike. Look-alikes are derived from the registered
 * URIs: the host with a suffix, a userinfo trick, a path suffix, another scheme, and a forbidden scheme; a
 * look-alike counts as refused when authentik does not redirect to it at all (an error page or a redirect
 * elsewhere). A too loose regex (e.g. {@code http://127.0.0.1.*}) lets the host-suffix look-alike through.
 */
public final class RedirectPolicyCheck implements Check {
    public static final String ID = "redirect.policy";
    /** Port of the concrete instances of loopback regexes (any port the desktop client might pick). */
    static final String SAMPLE_PORT = "53682";
    static final String EVIL = "evil.example";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Deployment s = ctx.setup();
        List<Finding> out = new ArrayList<>();
        Optional<Session> session = ctx.session();
        for (Provider c : s.providers()) {
            if (session.isEmpty() || session.get().authorizer() == null) {
                out.add(Finding.skip(ID, c.clientId(), TokenPerClientCheck.NEEDS_ACCOUNT));
                continue;
            }
            Session.Authorizer authorizer = session.get().authorizer();
            List<String> problems = new ArrayList<>();
            Set<String> accepted = new LinkedHashSet<>();
            Set<String> lookAlikes = new LinkedHashSet<>();
            for (RedirectUri r : c.redirectUris()) {
                List<String> instances = instances(r);
                if (instances.isEmpty()) {
                    problems.add("no concrete instance of regex " + r.url() + " could be derived");
                }
                accepted.addAll(instances);
                instances.forEach(u -> lookAlikes.addAll(lookAlikes(u, r.matchingMode())));
            }
            lookAlikes.removeAll(accepted);
            List<String> refusedRegistered = new ArrayList<>();
            for (String u : accepted) {
                AuthorizeOutcome o = authorizer.authorize(c, u);
                if (!o.redirectedWithCode(u)) {
                    refusedRegistered.add(u + " → " + describe(o));
                }
            }
            List<String> followed = new ArrayList<>();
            for (String u : lookAlikes) {
                AuthorizeOutcome o = authorizer.authorize(c, u);
                if (o.location() != null && o.location().startsWith(u)) {
                    followed.add(u);
                }
            }
            if (!refusedRegistered.isEmpty()) {
                problems.add("registered redirect URIs refused: " + refusedRegistered);
            }
            if (!followed.isEmpty()) {
                problems.add("look-alikes redirected to: " + followed);
            }
            String expected = "code redirect to " + accepted + "; no redirect to " + lookAlikes.size() + " look-alikes";
            String actual = (accepted.size() - refusedRegistered.size()) + "/" + accepted.size() + " registered accepted, "
                    + (lookAlikes.size() - followed.size()) + "/" + lookAlikes.size() + " look-alikes refused";
            if (problems.isEmpty()) {
                out.add(Finding.pass(ID, c.clientId(), expected, actual, GuideSteps.redirectUris(s, c)));
            } else {
                out.add(Finding.fail(ID, c.clientId(), expected, String.join("; ", problems) + " (" + actual + ")",
                        GuideSteps.redirectUris(s, c), !followed.isEmpty()
                                ? "Register exactly the guide's redirect URIs on provider " + c.clientId()
                                + " (strict where the guide says strict; regexes anchored to the loopback host and optional port)."
                                : "Register the guide's redirect URIs on provider " + c.clientId() + " with their matching modes."));
            }
        }
        return out;
    }

    private static String describe(AuthorizeOutcome o) {
        return o.status() + (o.location() != null ? " to " + o.location() : "") + (o.error() != null ? " (" + o.error() + ")" : "");
    }

    /** A strict URI is its own instance; a regex gets the concrete URIs a client would use, those it fully matches. */
    static List<String> instances(RedirectUri r) {
        if (r.matchingMode() == RedirectUri.MatchingMode.STRICT) {
            return List.of(r.url());
        }
        String prefix = literalPrefix(r.url());
        List<String> out = new ArrayList<>();
        for (String candidate : List.of(prefix + ":" + SAMPLE_PORT + "/", prefix + ":" + SAMPLE_PORT + "/callback", prefix + "/")) {
            if (r.matches(candidate)) {
                out.add(candidate);
            }
        }
        return out.size() > 2 ? out.subList(0, 2) : out;
    }

    /** The regex up to its first construct other than a literal character ('.' and '\\.' read as a dot). */
    static String literalPrefix(String regex) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < regex.length(); i++) {
            char ch = regex.charAt(i);
            if (ch == '\\' && i + 1 < regex.length() && !Character.isLetterOrDigit(regex.charAt(i + 1))) {
                b.append(regex.charAt(++i));
            } else if ("([{?*+|^$\\".indexOf(ch) >= 0) {
                break;
            } else {
                b.append(ch);
            }
        }
        // "?", "*" or "{0,..}" make the last literal optional: it is not part of every match
        if (i < regex.length() && "?*{".indexOf(regex.charAt(i)) >= 0 && b.length() > 0) {
            b.setLength(b.length() - 1);
        }
        return b.toString();
    }

    /**
     * Look-alikes of one concrete redirect URI: another host that starts like it, a userinfo trick, a forbidden
     * scheme; for strict URIs also a path suffix and (https) the http downgrade, which only exact matching refuses.
     * A regex instance gets no path variants: its regex legitimately allows any path on the loopback host.
     */
    static List<String> lookAlikes(String uri, RedirectUri.MatchingMode mode) {
        URI u = URI.create(uri);
        String scheme = u.getScheme();
        String host = u.getHost() != null ? u.getHost() : u.getAuthority();
        String port = u.getPort() >= 0 ? ":" + u.getPort() : "";
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        List<String> out = new ArrayList<>();
        out.add(scheme + "://" + host + "." + EVIL + port + path);
        out.add(scheme + "://" + host + port + "@" + EVIL + "/");
        if (mode == RedirectUri.MatchingMode.STRICT) {
            if (path.isEmpty() || !path.endsWith("/")) {
                out.add(uri + ".evil");
            }
            if (scheme.equals("https")) {
                out.add("http" + uri.substring("https".length()));
            }
        }
        out.add("javascript:alert(1)");
        return out;
    }
}
