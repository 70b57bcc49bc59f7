package io.github.akoc.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the project itself that needs more than Java, Maven and Docker: the stand-ins (authentik's schemas
 * and oidc-client-ts fetched with npm), the real Caddy or Chromium on the host, locally built self-test images,
 * or the data snapshots beside the project. It runs in command 2 ({@code mvn verify -Pselftest}) only; command 1,
 * the verification against the real images, excludes the tag so that nothing it cannot have fails it first.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("selftest")
public @interface SelfTest {
}
