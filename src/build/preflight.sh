#!/usr/bin/env bash
# Stops the build at once, with one line saying exactly what to install, when a tool the chosen run
# needs is missing. Run by Maven before anything is built or started.
#   preflight.sh selftest     the project's own tests: npm, caddy, chromium, chromedriver
#   preflight.sh containers   the verification against the real images: docker with compose v2
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
      echo "preflight: docker is missing: install Docker Engine with the compose v2 plugin, or run the project's own tests with 'mvn verify -Pselftest'" >&2
      exit 1
    fi
    docker compose version >/dev/null 2>&1 || { echo "preflight: 'docker compose' (v2) is missing: install the Docker compose v2 plugin" >&2; exit 1; } ;;
  *) echo "usage: preflight.sh selftest|containers" >&2; exit 2 ;;
esac
