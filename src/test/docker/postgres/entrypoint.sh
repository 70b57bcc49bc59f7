#!/bin/sh
set -eu
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
user=${POSTGRES_USER:-postgres}; db=${POSTGRES_DB:-$user}
bin=$(echo /usr/lib/postgresql/*/bin); data=/var/lib/postgresql/data
mkdir -p "$data" /run/postgresql && chown postgres "$data" /run/postgresql
pw=$(mktemp); printf '%s\n' "$POSTGRES_PASSWORD" >"$pw"; chown postgres "$pw"
runuser -u postgres -- "$bin/initdb" -D "$data" -U "$user" --pwfile="$pw" --auth-host=scram-sha-256 --auth-local=trust >/dev/null
rm -f "$pw"
echo "host all all 0.0.0.0/0 scram-sha-256" >>"$data/pg_hba.conf"
# the database is created on a socket-only server, so pg_isready on TCP is green only for the real one
runuser -u postgres -- "$bin/pg_ctl" -D "$data" -o "-c listen_addresses=''" -w start >/dev/null
[ "$db" = postgres ] || runuser -u postgres -- psql -q -U "$user" -d postgres -c "CREATE DATABASE \"$db\""
runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
exec runuser -u postgres -- "$bin/postgres" -D "$data" -c listen_addresses='*'
