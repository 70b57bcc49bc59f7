package io.github.akoc.stack.external;

import io.github.akoc.deployment.Provider;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.stack.Stack;
import io.github.akoc.world.World;
import org.openqa.selenium.WebDriver;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A deployment we did not start, given by its URLs: the operator's OpenCloud and issuer. The guide's setup
 * is re-based onto the deployment's names (the fixtures speak of authentik.company and opencloud.company),
 * so the same checks state what the guide expects there. Nothing here changes the deployment.
 */
public final class ExternalStack implements Stack {
    private final Deployment setup;
    private final World world;
    private final String adminToken;
    private final Function<World, WebDriver> browsers;
    private final Map<String, String> versions = new LinkedHashMap<>();

    public ExternalStack(Deployment setup, World world, String adminToken, Function<World, WebDriver> browsers) {
        this.setup = setup;
        this.world = world;
        this.adminToken = adminToken;
        this.browsers = browsers;
    }

    /**
     * The guide's setup with its public names replaced by the deployment's, IDP_ISSUER_URL set to the issuer
     * given, and the application slugs given per client (client id or platform → slug).
     */
    public static Deployment rebase(Deployment guide, URI opencloud, URI issuer, Map<String, String> slugs) {
        String guideIdp = guide.authentik().host();
        String guideOc = guide.opencloud().host();
        String text;
        try {
            text = DeploymentLoader.YAML.writeValueAsString(guide)
                    .replace(guideIdp, authority(issuer))
                    .replace(guideOc, authority(opencloud));
            Deployment rebased = DeploymentLoader.YAML.readValue(text, Deployment.class);
            Map<String, String> env = new LinkedHashMap<>(rebased.opencloud().env());
            env.put("IDP_ISSUER_URL", issuer.toString());
            var clients = rebased.providers().stream().map(c -> withSlug(c, slugs)).toList();
            return new Deployment(rebased.name(), rebased.authentik(), clients,
                    new Deployment.OpenCloud(rebased.opencloud().host(), rebased.opencloud().composeFiles(), env), rebased.proxy());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot re-base setup " + guide.name(), e);
        }
    }

    private static Provider withSlug(Provider c, Map<String, String> slugs) {
        String slug = slugs.getOrDefault(c.clientId(), slugs.get(c.platform()));
        return slug == null ? c : new Provider(c.platform(), c.clientId(), slug, c.clientType(), c.issuerMode(), c.scopes(),
                c.redirectUris(), c.signingKey(), c.grantTypes(), c.subMode(), c.encryptionKey());
    }

    /** host[:port] as it appears in URLs (the port only when it is not the default 443). */
    static String authority(URI uri) {
        return uri.getPort() == -1 || uri.getPort() == 443 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** --resolve NAME=HOST:PORT → the address; the input is named in the error. */
    public static Map.Entry<String, InetSocketAddress> parseResolve(String value) {
        int eq = value.indexOf('=');
        int colon = value.lastIndexOf(':');
        if (eq <= 0 || colon <= eq + 1 || colon == value.length() - 1) {
            throw new IllegalArgumentException("--resolve " + value + ": expected NAME=HOST:PORT, e.g. opencloud.example=10.0.0.5:443");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--resolve " + value + ": expected a port from 1 to 65535 after the last ':'");
        }
        return Map.entry(value.substring(0, eq), InetSocketAddress.createUnresolved(value.substring(eq + 1, colon), port));
    }

    public Map<String, String> versionsMutable() {
        return versions;
    }

    @Override
    public String name() {
        return "external";
    }

    @Override
    public Deployment setup() {
        return setup;
    }

    @Override
    public World world() {
        return world;
    }

    @Override
    public Map<String, String> versions() {
        return Map.copyOf(versions);
    }

    @Override
    public Optional<String> adminToken() {
        return Optional.ofNullable(adminToken);
    }

    @Override
    public WebDriver newBrowser() {
        return browsers.apply(world);
    }

    @Override
    public void reconfigure(Deployment changed) {
        throw new UnsupportedOperationException("an external deployment is not ours to change");
    }

    @Override
    public void close() {
        world.close();
    }
}
