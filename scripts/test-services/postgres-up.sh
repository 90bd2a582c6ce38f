#!/usr/bin/env bash
# Starts the Debian PostgreSQL cluster on loopback (if it is not running) and makes sure the role
# and database the tests use exist: postgres://grove:grove@127.0.0.1:5432/grove. Idempotent.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
  pg_createcluster "$ver" main >/dev/null
fi
if ! pg_lsclusters -h | grep "^$ver main" | grep -q online; then
  pg_ctlcluster "$ver" main start
fi
for i in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && break
  sleep 1
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='grove'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE grove LOGIN PASSWORD 'grove' SUPERUSER\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='grove'\"" | grep -q 1 ||
  su postgres -c "createdb -O grove grove"
echo "test services: postgresql $ver up on 127.0.0.1:5432"
