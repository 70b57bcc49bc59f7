package io.github.akoc.expectation;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.akoc.deployment.DeploymentLoader;
import io.github.akoc.deployment.RedirectUri;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guide's requirements per setup (fixtures/guide.yml) and the client profiles (fixtures/clients/):
 * the two inputs of an {@link Expectation}.
 */
public final class GuideRequirements {
    /** One setup of the guide: its issuer form and, per platform, the client id and WebFinger scopes. */
    public record SetupRequirements(String issuer, List<ClientRequirement> clients) {
    }

    public record ClientRequirement(String platform, String clientId, List<String> webfingerScopes,
                                    List<String> providerScopes, List<RedirectUri> redirectUris) {
    }

    private final Map<String, SetupRequirements> setups;
    private final Map<String, ClientProfile> profiles;

    private GuideRequirements(Map<String, SetupRequirements> setups, Map<String, ClientProfile> profiles) {
        this.setups = setups;
        this.profiles = profiles;
    }

    /** Reads DIR/guide.yml and DIR/clients/PLATFORM.yml; a missing or malformed file names itself. */
    public static GuideRequirements load(Path fixtures) {
        Path guide = fixtures.resolve("guide.yml");
        Map<String, SetupRequirements> setups;
        try {
            setups = DeploymentLoader.YAML.readValue(guide.toFile(), new TypeReference<LinkedHashMap<String, SetupRequirements>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("guide requirements " + guide.toAbsolutePath()
                    + " are not readable: expected setups with issuer and clients (" + e.getMessage() + ")", e);
        }
        Map<String, ClientProfile> profiles = new LinkedHashMap<>();
        for (String platform : ClientProfile.PLATFORMS) {
            Path file = fixtures.resolve("clients").resolve(platform + ".yml");
            ClientProfile p;
            try {
                p = DeploymentLoader.YAML.readValue(file.toFile(), ClientProfile.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("client profile " + file.toAbsolutePath() + " is not readable: " + e.getMessage(), e);
            }
            if (!platform.equals(p.platform()) || p.webfinger() == null || p.clientId() == null || p.scopes() == null
                    || p.authorization() == null || p.authorization().redirectUris().isEmpty() || p.token() == null || p.refresh() == null
                    || !p.sources().keySet().containsAll(List.of("webfinger", "clientId", "scopes", "authorization", "token", "refresh"))) {
                throw new IllegalArgumentException("client profile " + file + ": expected platform " + platform
                        + ", webfinger, clientId, scopes, authorization, token, refresh and a source for each of them");
            }
            profiles.put(platform, p);
        }
        setups.forEach((name, s) -> {
            if (!List.of("application", "shared").contains(s.issuer()) || s.clients() == null || s.clients().isEmpty()) {
                throw new IllegalArgumentException(guide + ": setup " + name + " needs issuer application|shared and clients");
            }
        });
        return new GuideRequirements(setups, profiles);
    }

    public List<String> setups() {
        return List.copyOf(setups.keySet());
    }

    public ClientProfile profile(String platform) {
        return profiles.get(platform);
    }

    /** The expectation of a setup, stated in the deployment's names. */
    public Expectation expectation(String setup, Names names) {
        SetupRequirements s = setups.get(setup);
        if (s == null) {
            throw new IllegalArgumentException("unknown setup '" + setup + "': expected one of " + setups.keySet());
        }
        List<ExpectedClient> clients = new ArrayList<>();
        for (ClientRequirement c : s.clients()) {
            List<RedirectUri> uris = c.redirectUris().stream()
                    .map(u -> new RedirectUri(u.matchingMode(), u.url().replace("{opencloud-host}", names.opencloudHost()))).toList();
            clients.add(new ExpectedClient(profiles.get(c.platform()), c.clientId(), c.webfingerScopes(), c.providerScopes(), uris));
        }
        boolean shared = s.issuer().equals("shared");
        String issuer = shared ? names.idpBaseUrl() : names.idpBaseUrl() + "application/o/" + names.slug("web") + "/";
        return new Expectation(setup, shared, issuer, names, clients);
    }
}
