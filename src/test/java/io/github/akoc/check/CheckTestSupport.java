package io.github.akoc.check;

import io.github.akoc.Fixtures;
import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.GuideRequirements;
import io.github.akoc.expectation.Names;
import io.github.akoc.login.Session;
import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.DeploymentLoader;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

final class CheckTestSupport {
    static final DeploymentLoader LOADER = DeploymentLoader.fromDefaultLocation();
    static final GuideRequirements GUIDE = Fixtures.fromDefaultLocation().guide();

    private CheckTestSupport() {
    }

    static Deployment setup(String name) {
        return LOADER.load(name);
    }

    /** The guide's expectation for the setup a deployment follows, in its names. */
    static Expectation expectation(Deployment d) {
        return GUIDE.expectation(d.name(), Names.of(d));
    }

    /** The setup with some .env values changed (what a misconfigured opencloud-compose .env looks like). */
    static Deployment withEnv(Deployment s, String key, String value) {
        Map<String, String> env = new HashMap<>(s.opencloud().env());
        env.put(key, value);
        return new Deployment(s.name(), s.authentik(), s.providers(),
                new Deployment.OpenCloud(s.opencloud().host(), s.opencloud().composeFiles(), env), s.proxy());
    }

    /** The setup with one provider's scopes replaced (a provider provisioned with other scope mappings). */
    static Deployment withScopes(Deployment s, String clientId, List<String> scopes) {
        List<io.github.akoc.deployment.Provider> clients = s.providers().stream().map(c -> !c.clientId().equals(clientId) ? c
                : new io.github.akoc.deployment.Provider(c.platform(), c.clientId(), c.slug(), c.clientType(), c.issuerMode(), scopes,
                c.redirectUris(), c.signingKey(), c.grantTypes(), c.subMode(), c.encryptionKey())).toList();
        return new Deployment(s.name(), s.authentik(), clients, s.opencloud(), s.proxy());
    }

    static List<Finding> run(Check check, CraftedDeployment d, Session session) {
        List<Finding> findings = Checks.run(List.of(check), d.context(session));
        assertFalse(findings.isEmpty(), check.id() + " returned no finding");
        findings.forEach(f -> assertEquals(check.id(), f.check(), "finding of another check: " + f));
        return findings;
    }

    static Finding only(List<Finding> findings, String subject) {
        return findings.stream().filter(f -> f.subject().equals(subject)).findFirst()
                .orElseGet(() -> fail("no finding for " + subject + " in " + findings));
    }

    static Set<String> failing(List<Finding> findings) {
        return findings.stream().filter(f -> f.status() == Finding.Status.FAIL).map(Finding::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static void assertAllPass(List<Finding> findings) {
        for (Finding f : findings) {
            assertEquals(Finding.Status.PASS, f.status(), () -> "expected PASS: " + f);
            assertFalse(f.expected().isBlank() || f.actual().isBlank() || f.guideStep().isBlank(), () -> "PASS without evidence: " + f);
        }
    }

    static void assertExplained(Finding f) {
        assertEquals(Finding.Status.FAIL, f.status(), () -> "expected FAIL: " + f);
        assertFalse(f.expected().isBlank() || f.actual().isBlank() || f.guideStep().isBlank() || f.remedy().isBlank(),
                () -> "FAIL not explained: " + f);
    }
}
