package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalogue of DESIGN.md in its order, and the one way to run it. A check that throws becomes a FAIL
 * finding carrying the exception, never a silent gap in the report. Which root failures each
 * misconfiguration must cause is data: fixtures/mutations.yml.
 */
public final class Checks {
    private Checks() {
    }

    /** The ids of the checks that apply to an expectation: what a complete run reports on. */
    public static Set<String> idsFor(Expectation expectation) {
        return all().stream().filter(c -> c.appliesTo(expectation)).map(Check::id).collect(Collectors.toSet());
    }

    /** Catalogue order of DESIGN.md. */
    public static List<Check> all() {
        return List.of(
                new DiscoverySharedIssuerCheck(),
                new DiscoveryPerClientCheck(),
                new JwksSingleKeyCheck(),
                new TokenPerClientCheck(),
                new TokenRefreshCheck(),
                new WebfingerPlatformsCheck(),
                new WebfingerWebClientCheck(),
                new WebfingerNativeScopesCheck(),
                new OpenCloudWebConfigCheck(),
                new OpenCloudIssuerReachableCheck(),
                new OpenCloudCspCheck(),
                new OpenCloudAcceptsTokensCheck(),
                new OpenCloudRejectsForeignTokenCheck(),
                new IdentitySameUserCheck(),
                new OpenCloudDefaultRoleCheck(),
                new BrowserWebLoginCheck(),
                new BrowserSilentRenewCheck(),
                new RedirectPolicyCheck(),
                new ProxyDiscoveryRewriteCheck(),
                // last: it ends the browser's login, and from authentik 2026.5 the web UI's access tokens with it
                new LogoutWebCheck());
    }

    public static List<Finding> run(CheckContext context) {
        return run(all(), context);
    }

    /**
     * Runs the checks, then blames every FAIL or SKIP whose needed finding failed on that finding
     * (DEPENDENT), repeating until nothing changes, so chains resolve whatever the catalogue order. The checks only
     * read what was observed and ask the deployment, so they go side by side; logout.web ends the browser's session
     * and goes after all of them. Findings keep the catalogue's order.
     */
    public static List<Finding> run(List<Check> checks, CheckContext context) {
        List<Check> applicable = checks.stream().filter(c -> c.appliesTo(context.expectation())).toList();
        List<Check> together = applicable.stream().filter(c -> !c.id().equals(LogoutWebCheck.ID)).toList();
        List<Check> last = applicable.stream().filter(c -> c.id().equals(LogoutWebCheck.ID)).toList();
        List<Finding> out = new ArrayList<>();
        io.github.akoc.world.InParallel.map(together, c -> runOne(c, context)).forEach(out::addAll);
        last.forEach(c -> out.addAll(runOne(c, context)));
        return resolveDependencies(out);
    }

    private static List<Finding> runOne(Check check, CheckContext context) {
        try {
            return check.run(context);
        } catch (RuntimeException e) {
            return List.of(Finding.fail(check.id(), context.expectation().setup(), "the check runs to its end",
                    e.getClass().getSimpleName() + ": " + e.getMessage(), "",
                    "Fix what the exception names, then run again; a check that throws is a defect of the run or the deployment."));
        }
    }

    static List<Finding> resolveDependencies(List<Finding> findings) {
        List<Finding> out = new ArrayList<>(findings);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < out.size(); i++) {
                Finding f = out.get(i);
                if (f.status() != Finding.Status.FAIL && f.status() != Finding.Status.SKIP) {
                    continue;
                }
                for (String need : f.needs()) {
                    Finding blamed = out.stream().filter(o -> o != f && o.isNamedBy(need)
                            && (o.status() == Finding.Status.FAIL || o.status() == Finding.Status.DEPENDENT)).findFirst().orElse(null);
                    String root = blamed == null ? null
                            : blamed.status() == Finding.Status.DEPENDENT ? blamed.dependsOn() : blamed.key();
                    if (root != null && !root.equals(f.key())) {
                        out.set(i, f.dependentOn(root));
                        changed = true;
                        break;
                    }
                }
            }
        }
        // blame every dependent finding on a root failure, also where its first blame became dependent later
        for (int i = 0; i < out.size(); i++) {
            Finding f = out.get(i);
            for (int hop = 0; f.status() == Finding.Status.DEPENDENT && hop < out.size(); hop++) {
                String blamed = f.dependsOn();
                Finding b = out.stream().filter(o -> o.key().equals(blamed)).findFirst().orElse(null);
                if (b == null || b.status() != Finding.Status.DEPENDENT) {
                    break;
                }
                f = f.dependentOn(b.dependsOn());
            }
            out.set(i, f);
        }
        return out;
    }
}
