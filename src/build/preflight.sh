#!/usr/bin/env bash
# Stops the build at once, with one line saying exactly what is missing, when what the chosen run needs is not
# there. Run by Maven before anything is built or started.
#   preflight.sh selftest     the project's own tests: npm, caddy, chromium, chromedriver (Docker optional)
#   preflight.sh containers   the verification against the real images: a reachable Docker engine with compose v2
set -euo pipefail
missing=()
need() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || missing+=("$2"); }
case "${1:-}" in
  selftest)
    need npm "npm"
    need "${CADDY_BINARY:-caddy}" "caddy"
    need "${CHROMIUM_BINARY:-/usr/bin/chromium}" "chromium"
    need "${CHROMEDRIVER_BINARY:-/usr/bin/chromedriver}" "chromium-driver"
    if [ ${#missing[@]} -gt 0 ]; then
      echo "preflight: missing ${missing[*]}: install with 'apt-get install ${missing[*]}' (Debian/Ubuntu) or put them on PATH" >&2
      exit 1
    fi ;;
  containers)
    need docker "docker"
    if [ ${#missing[@]} -gt 0 ]; then
      echo "preflight: docker is missing: the verification runs the real images and needs Docker Engine with the compose v2 plugin; to run the project's own tests instead: mvn verify -Pselftest" >&2
      exit 1
    fi
    # the CLI alone verifies nothing: the engine must answer (bounded, so a dead socket cannot hang the build)
    if ! reason=$(timeout 20 docker info --format '{{.ServerVersion}}' 2>&1 >/dev/null); then
      reason=$(printf '%s' "${reason:-no answer within 20 s}" | grep -v '^$' | tail -n 1)
      echo "preflight: no Docker engine is reachable (${DOCKER_HOST:-unix:///var/run/docker.sock}: ${reason}): the verification runs the real images and needs one; start Docker, or run the project's own tests with: mvn verify -Pselftest" >&2
      exit 1
    fi
    docker compose version >/dev/null 2>&1 || { echo "preflight: 'docker compose' (v2) is missing: install the Docker compose v2 plugin" >&2; exit 1; } ;;
  *) echo "usage: preflight.sh selftest|containers" >&2; exit 2 ;;
esac
