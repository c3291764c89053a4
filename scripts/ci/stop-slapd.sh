#!/usr/bin/env bash
set -euo pipefail
base="${GRANTKIT_CI_DIR:-/tmp/grantkit-ci}/slapd"
[ -f "$base/slapd.pid" ] && kill "$(cat "$base/slapd.pid")" 2>/dev/null || true
