/**
 * The checks of DESIGN.md's catalogue, one class per id, named after it:
 * {@code discovery.shared-issuer} → {@link io.github.akoc.check.DiscoverySharedIssuerCheck},
 * {@code discovery.per-client} → {@link io.github.akoc.check.DiscoveryPerClientCheck},
 * {@code jwks.single-key} → {@link io.github.akoc.check.JwksSingleKeyCheck},
 * {@code token.per-client} → {@link io.github.akoc.check.TokenPerClientCheck},
 * {@code token.refresh} → {@link io.github.akoc.check.TokenRefreshCheck},
 * {@code webfinger.platforms} → {@link io.github.akoc.check.WebfingerPlatformsCheck},
 * {@code webfinger.web-client} → {@link io.github.akoc.check.WebfingerWebClientCheck},
 * {@code opencloud.web-config} → {@link io.github.akoc.check.OpenCloudWebConfigCheck},
 * {@code opencloud.csp} → {@link io.github.akoc.check.OpenCloudCspCheck},
 * {@code opencloud.accepts-tokens} → {@link io.github.akoc.check.OpenCloudAcceptsTokensCheck},
 * {@code opencloud.default-role} → {@link io.github.akoc.check.OpenCloudDefaultRoleCheck},
 * {@code browser.web-login} → {@link io.github.akoc.check.BrowserWebLoginCheck},
 * {@code redirect.policy} → {@link io.github.akoc.check.RedirectPolicyCheck},
 * {@code proxy.discovery-rewrite} → {@link io.github.akoc.check.ProxyDiscoveryRewriteCheck}.
 * {@link io.github.akoc.check.Checks} lists and runs them; {@link io.github.akoc.check.Observed} holds the reads
 * several checks share; {@link io.github.akoc.check.GuideSteps} the guide's steps that findings name.
 */
package io.github.akoc.check;
