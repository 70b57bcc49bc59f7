package io.github.akoc.check;

import io.github.akoc.login.AuthorizeOutcome;
import io.github.akoc.login.Session;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ExpectedClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code redirect.policy}: per client, authentik redirects with a code to each redirect URI the real app
 * sends (its profile's; the desktop app's loopback URI on a port it picks per login) and never to a
 * look-alike. Look-alikes are derived from those URIs: the host with a suffix, a userinfo trick, a forbidden
 * scheme; for fixed URIs also a path suffix and (https) the http downgrade, which only exact matching refuses.
 * A look-alike counts as refused when authentik does not redirect to it at all (an error page or a redirect
 * elsewhere). A too loose regex (e.g. {@code http://127.0.0.1.*}) lets the host-suffix look-alike through;
 * strict loopback URIs without a port refuse the app itself.
 */
public final class RedirectPolicyCheck implements Check {
    public static final String ID = "redirect.policy";
    /** Ports standing for the random one the desktop app picks per login. */
    static final List<String> SAMPLE_PORTS = List.of("53682", "49152");
    static final String EVIL = "evil.example";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        Optional<Session> session = ctx.session();
        // each client probes in its own browser session: the clients go side by side
        return io.github.akoc.world.InParallel.map(e.clients(), c -> session.isEmpty() || session.get().authorizer() == null
                ? Finding.skip(ID, c.clientId(), TokenPerClientCheck.NEEDS_ACCOUNT)
                : judge(e, c, session.get().authorizer()));
    }

    private static Finding judge(Expectation e, ExpectedClient c, Session.Authorizer authorizer) {
        boolean loopback = c.profile().loopback();
        Set<String> accepted = new LinkedHashSet<>(instances(c.profile().redirectUris(e.opencloudUrl())));
        Set<String> lookAlikes = new LinkedHashSet<>();
        accepted.forEach(u -> lookAlikes.addAll(lookAlikes(u, loopback)));
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
        List<String> problems = new ArrayList<>();
        if (!refusedRegistered.isEmpty()) {
            problems.add("redirect URIs the " + c.profile().client() + " sends refused: " + refusedRegistered);
        }
        if (!followed.isEmpty()) {
            problems.add("look-alikes redirected to: " + followed);
        }
        String expected = "code redirect to " + accepted + "; no redirect to " + lookAlikes.size() + " look-alikes";
        String actual = (accepted.size() - refusedRegistered.size()) + "/" + accepted.size() + " of the app's accepted, "
                + (lookAlikes.size() - followed.size()) + "/" + lookAlikes.size() + " look-alikes refused";
        List<String> guide = c.redirectUris().stream().map(GuideSteps::uri).toList();
        if (problems.isEmpty()) {
            return Finding.pass(ID, c.clientId(), expected, actual, GuideSteps.redirectUris(e, c));
        } else {
            return Finding.fail(ID, c.clientId(), expected, String.join("; ", problems) + " (" + actual + ")",
                    GuideSteps.redirectUris(e, c), !followed.isEmpty()
                            ? "Register exactly the guide's redirect URIs on provider " + c.clientId() + ": " + guide
                            + " (strict where the guide says strict; regexes anchored to the loopback host and optional port)."
                            : "Register the guide's redirect URIs on provider " + c.clientId() + ": " + guide
                            + (loopback ? "; the desktop app listens on a random port, which a strict URI never matches." : "."))
                    // the app's own URI refused is what its token flow already met (token.per-client)
                    .needing(refusedRegistered.isEmpty() ? new String[]{DiscoverySharedIssuerCheck.ID}
                            : new String[]{DiscoverySharedIssuerCheck.ID, Observed.tokensKey(c)});
        }
    }

    /** The concrete URIs of the app's templates: {port} stands for a port picked per login. */
    static List<String> instances(List<String> templates) {
        List<String> out = new ArrayList<>();
        for (String t : templates) {
            if (t.contains("{port}")) {
                SAMPLE_PORTS.forEach(p -> out.add(t.replace("{port}", p)));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    private static String describe(AuthorizeOutcome o) {
        return o.status() + (o.location() != null ? " to " + o.location() : "") + (o.error() != null ? " (" + o.error() + ")" : "");
    }

    /**
     * Look-alikes of one concrete redirect URI: another host that starts like it, a userinfo trick, a forbidden
     * scheme; for strict URIs also a path suffix and (https) the http downgrade, which only exact matching refuses.
     * A loopback URI gets no path variants: the guide's regex legitimately allows any path on the loopback host.
     */
    static List<String> lookAlikes(String uri, boolean loopback) {
        URI u = URI.create(uri);
        String scheme = u.getScheme();
        String host = u.getHost() != null ? u.getHost() : u.getAuthority();
        String port = u.getPort() >= 0 ? ":" + u.getPort() : "";
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        List<String> out = new ArrayList<>();
        out.add(scheme + "://" + host + "." + EVIL + port + path);
        out.add(scheme + "://" + host + port + "@" + EVIL + "/");
        if (!loopback) {
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
