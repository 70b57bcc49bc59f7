package io.github.akoc.stack.local;

import java.security.SecureRandom;
import java.util.Base64;

/** authentik's bootstrap secrets, random per run; toString never shows them. */
record SecretsOfRun(String bootstrapToken, String bootstrapPassword, String secretKey) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static SecretsOfRun generate() {
        return new SecretsOfRun(random(32), random(24), random(48));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        return "SecretsOfRun[token " + bootstrapToken.substring(0, 4) + "…, password and secret key hidden]";
    }
}
