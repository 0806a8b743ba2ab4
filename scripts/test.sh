#!/usr/bin/env bash
# The whole test run: types, formatting, lint, the suite on PGlite, again on PostgreSQL, then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type-check"; npx tsc --noEmit -p .
echo "== format"; npx biome format
echo "== lint"; npx biome lint
echo "== suite on PGlite"; env -u TEST_DATABASE_URL npx vitest run
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== suite on PostgreSQL"; npx vitest run
elif [ "${CI:-}" = "true" ]; then
  echo "TEST_DATABASE_URL is not set: CI must run the suite on PostgreSQL too" >&2; exit 1
else
  echo "== suite on PostgreSQL: skipped (set TEST_DATABASE_URL=postgres://… to run it; see README)"
fi
echo "== browser tests"; npx vitest run --config vitest.e2e.config.ts
