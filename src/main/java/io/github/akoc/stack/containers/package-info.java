/**
 * The container stack (Testcontainers): {@link io.github.akoc.stack.containers.ContainersStack} starts
 * authentik's server and worker ({@link io.github.akoc.stack.containers.AuthentikContainer}), PostgreSQL,
 * Redis for releases before 2025.10, the guide's Caddy ({@link io.github.akoc.stack.containers.CaddyContainer},
 * alias = authentik's public name), a browser ({@link io.github.akoc.stack.containers.BrowserContainer}) and
 * opencloud-compose ({@link io.github.akoc.stack.containers.OpenCloudCompose}) on one network.
 *
 * <p>OpenCloud's TLS ingress is a service of our overlay compose/opencloud-e2e.yml, not a Testcontainers
 * container: it belongs to the compose project (started, recreated and stopped with it, its alias declared next
 * to the service it fronts), and opencloud-compose's own ingress (Traefik) is also a compose service, so a user
 * reads the overlay as a replacement for it. The overlay declares the suite's network as opencloud-net
 * (external), which puts both proxies' aliases in one DNS.
 *
 * <p>System properties (defaults from fixtures/versions.properties unless said otherwise):
 * {@code authentik.image}, {@code authentik.version}, {@code postgres.image}, {@code redis.image},
 * {@code caddy.image} (also the OpenCloud ingress), {@code browser.image}, {@code opencloud.image},
 * {@code opencloud.version}, {@code opencloud.compose.ref};
 * {@code opencloud.compose.dir} (or the environment variable OPENCLOUD_COMPOSE_DIR; default: the pinned ref
 * downloaded once into target/opencloud-compose-REF), {@code opencloud.compose.overlays} (further compose files);
 * {@code e2e.images.local} (default false: when true, every image must be present locally and a missing one
 * fails at once with its name, because no registry is reachable).
 */
package io.github.akoc.stack.containers;
