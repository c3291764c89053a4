#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for tests and prints the
# `export GRANTKIT_TEST_PG_URL=...` line to eval. Needs the Debian `postgresql` package
# and root (the cluster runs as the `postgres` user). Stop it with stop-postgres.sh.
set -euo pipefail

port="${1:-54329}"
base="${GRANTKIT_CI_DIR:-/tmp/grantkit-ci}/postgres"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"

rm -rf "$base"
mkdir -p "$base/data" "$base/socket"
chown -R postgres:postgres "$base"
runuser -u postgres -- "$bin/initdb" -A trust --no-sync -U postgres -D "$base/data" >"$base/initdb.log"
runuser -u postgres -- "$bin/pg_ctl" -w -D "$base/data" -l "$base/server.log" \
  -o "-h 127.0.0.1 -p $port -k $base/socket -c fsync=off -c max_connections=200" start >/dev/null
echo "export GRANTKIT_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/postgres"
