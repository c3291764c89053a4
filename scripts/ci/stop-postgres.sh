#!/usr/bin/env bash
set -euo pipefail
base="${GRANTKIT_CI_DIR:-/tmp/grantkit-ci}/postgres"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
[ -d "$base/data" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$base/data" -m fast stop >/dev/null || true
