#!/usr/bin/env bash
# Runs before `npm test` (the `pretest` script): makes sure what the test suite needs beyond npm is
# here, installing it from Debian's packages when it is not (this needs root, as on this project's
# machines), and starts PostgreSQL on 127.0.0.1:5432. Quick when everything is already up.
#   chromium    the report's and the explorer's end-to-end tests (driven by playwright-core)
#   postgresql  the PostgreSQL remote's tests (postgres://grove:grove@127.0.0.1:5432/grove)
#   redis-server  the swarm's tests (each starts its own server on a free loopback port; none is left running)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test services: ${need_apt[*]} missing; install them (apt-get install ${need_apt[*]}) or run npm test as root" >&2
    exit 1
  fi
  echo "test services: installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || ! PGPASSWORD=grove psql -h 127.0.0.1 -U grove -d grove -tAc 'select 1' >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "test services: PostgreSQL is not up on 127.0.0.1:5432 with role grove; run $here/postgres-up.sh as root" >&2
    exit 1
  fi
  bash "$here/postgres-up.sh"
fi
