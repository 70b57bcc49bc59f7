package io.github.akoc.check;

import io.github.akoc.expectation.Expectation;
import io.github.akoc.expectation.ForeignApplication;
import io.github.akoc.login.ForeignToken;
import io.github.akoc.world.HttpResult;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code opencloud.rejects-foreign-token}: OpenCloud refuses the access token of another application of the same
 * authentik ({@link ForeignApplication}, same user, same signing key). A token with another issuer must get 401: a
 * verifying OpenCloud compares iss exactly, while PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=none (the field's workaround
 * for per-provider issuers, owncloud/ocis#6479) leaves only authentik's userinfo, which answers for any provider's
 * token (field-failures #2). A token with OpenCloud's own issuer can be refused only by the audience check of
 * OpenCloud 8.1.0+ (PROXY_OIDC_AUDIENCES, off by default); the guide does not set it, so acceptance is a WARN
 * (hardening), whose remedy depends on the release OpenCloud reports.
 */
public final class OpenCloudRejectsForeignTokenCheck implements Check {
    public static final String ID = "opencloud.rejects-foreign-token";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
        Expectation e = ctx.expectation();
        String me = Observed.graphMe(e);
        List<Finding> out = new ArrayList<>();
        for (ForeignApplication probe : ForeignApplication.PROBES) {
            String subject = probe.clientId();
            if (ctx.session().isEmpty()) {
                out.add(Finding.skip(ID, subject, TokenPerClientCheck.NEEDS_ACCOUNT));
                continue;
            }
            ForeignToken token = ctx.session().get().foreignTokens().get(probe.clientId());
            if (token == null) {
                out.add(Finding.skip(ID, subject, "no probe application in this run: the suite provisions it only on the stacks it starts"));
                continue;
            }
            if (!token.ok()) {
                // the probe logs in through the shared discovery, as every client does
                out.add(Finding.skip(ID, subject, "no token of the probe application: " + token.error())
                        .needing(DiscoverySharedIssuerCheck.ID));
                continue;
            }
            String issuer;
            try {
                issuer = Observed.claims(token.accessToken()).getIssuer();
            } catch (IllegalArgumentException ex) {
                out.add(Finding.skip(ID, subject, "the probe's token is not a signed JWT: " + ex.getMessage()));
                continue;
            }
            boolean sameIssuer = e.issuer().equals(issuer);
            String expected = "GET " + me + " with the access token of " + probe.clientId() + " (another application, issuer "
                    + issuer + "): 401";
            HttpResult r = ctx.getWithBearer(me, token.accessToken());
            String actual = r.status() + (r.status() == 200 ? " (accepted as user " + r.json().path("id").asText("?") + ")" : "");
            if (r.status() == 401) {
                out.add(Finding.pass(ID, subject, expected, actual, step(e)));
            } else if (r.status() != 200) {
                // e.g. 500 without the roles overlay: OpenCloud got past the token check, but no verdict on it here
                out.add(Finding.skip(ID, subject, "OpenCloud answered " + r.status() + " (neither accepted nor refused): "
                        + OpenCloudAcceptsTokensCheck.brief(r.body())).needing(OpenCloudAcceptsTokensCheck.ID));
            } else if (sameIssuer) {
                out.add(Finding.warn(ID, subject, expected, actual + ": OpenCloud checks the issuer and signature, not the audience, "
                        + "so any application of this authentik with the shared issuer and key signs users in", step(e),
                        "Hardening beyond the guide: " + audienceRemedy(e, OpenCloudRelease.observe(ctx))));
            } else {
                out.add(Finding.fail(ID, subject, expected, actual + ": OpenCloud accepted a token whose issuer is not its own",
                        step(e), "Run OpenCloud with PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=jwt (the default): with 'none' only "
                                + "authentik's userinfo is asked, which answers for the tokens of every application. Fix the issuer "
                                + "mode instead (" + GuideSteps.issuerMode(e) + ")."));
            }
        }
        return out;
    }

    /** Turn on OpenCloud's audience check with the expectation's client ids, or say which release brings it. */
    static String audienceRemedy(Expectation e, java.util.Optional<OpenCloudRelease> release) {
        String setIt = "set PROXY_OIDC_AUDIENCES=" + OpenCloudRelease.audiencesFor(e) + " for the opencloud service (opencloud-compose passes it only through an "
                + "overlay such as this project's compose/custom/oidc-audiences.yml)";
        if (release.isPresent() && release.get().hasAudienceCheck()) {
            return "OpenCloud " + release.get().text() + " has an audience check, off by default: " + setIt + ".";
        }
        return "OpenCloud " + release.map(OpenCloudRelease::text).orElse("(its release unknown: /status.php gave none)")
                 + " has no audience check; from " + OpenCloudRelease.AUDIENCE_CHECK_SINCE.text() + " on (PR #3466), " + setIt
                + ". Until then give no other application of this authentik the shared issuer and signing key.";
    }

    static String step(Expectation e) {
        return e.setup() + ": OpenCloud trusts the issuer " + e.issuer() + " (.env IDP_ISSUER_URL) and verifies every token "
                + "(PROXY_OIDC_ACCESS_TOKEN_VERIFY_METHOD=jwt, OpenCloud's default)";
    }
}
