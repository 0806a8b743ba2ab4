#!/usr/bin/env bash
# Installs and starts what the tests need: Debian's PostgreSQL and Chromium.
# Sourced by .ci/run; exports DATABASE_URL for the PostgreSQL half of the suite.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_ctlcluster >/dev/null || ! command -v chromium >/dev/null || ! command -v pgbench >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq postgresql postgresql-contrib chromium >/dev/null
fi
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | grep -q "^$PGVER main" || pg_createcluster "$PGVER" main
pg_ctlcluster "$PGVER" main status >/dev/null 2>&1 || pg_ctlcluster "$PGVER" main start
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qc "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='app') THEN CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB; END IF; END\$\$;"
runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname='app'" | grep -q 1 || runuser -u postgres -- createdb -O app app
export TEST_DATABASE_URL=postgres://app:app@127.0.0.1:5432/app
