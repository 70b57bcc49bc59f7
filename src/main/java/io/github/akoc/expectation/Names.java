package io.github.akoc.expectation;

import io.github.akoc.deployment.Deployment;
import io.github.akoc.deployment.Provider;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a deployment puts things that the guide leaves to the operator: the public host names and the
 * application slug of each platform. The expectation is stated in these names; nothing else of the
 * deployment enters it.
 */
public record Names(String idpHost, String opencloudHost, Map<String, String> slugs) {
    public Names {
        slugs = Map.copyOf(slugs);
    }

    public static Names of(Deployment d) {
        Map<String, String> slugs = new LinkedHashMap<>();
        for (Provider p : d.providers()) {
            slugs.put(p.platform(), p.slug());
        }
        return new Names(d.authentik().host(), d.opencloud().host(), slugs);
    }

    public String idpBaseUrl() {
        return "https://" + idpHost + "/";
    }

    public String opencloudUrl() {
        return "https://" + opencloudHost;
    }

    public String slug(String platform) {
        String slug = slugs.get(platform);
        if (slug == null) {
            throw new IllegalArgumentException("no application slug for platform " + platform + ": expected one of " + slugs.keySet());
        }
        return slug;
    }
}
