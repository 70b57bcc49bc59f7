#!/usr/bin/env bash
# Fetches, with npm, what the build needs but must never commit: authentik's OpenAPI schema.yml of each
# release the contract tests cover, and the oidc-client-ts browser bundle the OpenCloud stand-in serves.
# Idempotent: what is already under target/ is kept. Run by Maven (exec plugin) with the target dir.
set -euo pipefail
target=$(mkdir -p "${1:?usage: fetch-upstream.sh TARGET_DIR}" && cd "$1" && pwd)
versions_file=$(dirname "$0")/../../fixtures/versions.properties
command -v npm >/dev/null || { echo "fetch-upstream: npm is missing: install Node.js and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
prop() { sed -n "s/^$1=//p" "$versions_file"; }

schemas="$target/authentik-schema"; mkdir -p "$schemas"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for v in $(prop authentik.schema.npm | tr ',' ' '); do
  [ -s "$schemas/schema-$v.yml" ] && continue
  (cd "$work" && npm pack --silent "@goauthentik/api@$v" >/dev/null && tar xzf goauthentik-api-"$v".tgz package/schema.yml \
    && mv package/schema.yml "$schemas/schema-$v.yml") \
    || { echo "fetch-upstream: could not get schema.yml of @goauthentik/api@$v with npm pack" >&2; exit 1; }
done
# Releases before 2025.8 ship no schema in the npm package: the project carries them as test data.
for v in $(prop authentik.schema.snapshot | tr ',' ' '); do
  [ -s "$schemas/schema-$v.yml" ] && continue
  src=$(dirname "$0")/../test/resources/authentik-schema/schema-$v.yml.gz
  gunzip -c "$src" > "$schemas/schema-$v.yml" \
    || { echo "fetch-upstream: cannot unpack $src (authentik's schema of $v)" >&2; rm -f "$schemas/schema-$v.yml"; exit 1; }
done

js="$target/oidc-client-ts"; mkdir -p "$js"
v=$(prop oidc-client-ts.version)
if [ ! -s "$js/oidc-client-ts.min.js" ]; then
  (cd "$work" && npm pack --silent "oidc-client-ts@$v" >/dev/null && tar xzf "oidc-client-ts-$v.tgz" package/dist/browser/oidc-client-ts.min.js \
    && mv package/dist/browser/oidc-client-ts.min.js "$js/") \
    || { echo "fetch-upstream: could not get oidc-client-ts@$v with npm pack" >&2; exit 1; }
fi
