#!/usr/bin/env bash
# Fleet status benchmark: `retort-cli --env @tenants status` over N PostgreSQL databases (default
# 200) on the test server of tests/services, each with a version table one revision behind.
# The target is under 10 s for 200 databases on loopback with the default --jobs 8.
# Usage: tests/bench/fleet_bench.sh SERVICES_ENV [N] [JOBS]   (after tests/services/up.sh DIR;
#        SERVICES_ENV is DIR/services.env)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
services=${1:?usage: fleet_bench.sh SERVICES_ENV [N] [JOBS]}
n=${2:-200}
jobs=${3:-8}
# shellcheck disable=SC1090
source "$services"
cli=${RETORT_CLI:-$root/build/src/retort-cli}
work=$(mktemp -d)
prefix=rtbench_$$
super() { PGPASSWORD=$PG_SUPERPASSWORD psql -qX -h "$PG_HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" \
  -d postgres -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
  # In parallel: each DROP DATABASE waits for a checkpoint, which concurrent ones share.
  for ((i = 0; i < n; i++)); do
    super -c "DROP DATABASE IF EXISTS ${prefix}_$i WITH (FORCE)" >/dev/null 2>&1 &
    if (( i % 32 == 31 )); then wait; fi
  done
  wait
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/project/versions"
{
  printf '[project]\nname = "bench"\n\n[groups]\ntenants = ["t-*"]\n'
  for ((i = 0; i < n; i++)); do
    printf '\n[environments.t-%03d]\ndriver = "postgresql"\nhost = "%s"\nport = %s\nuser = "%s"\ndatabase = "%s_%d"\n' \
      "$i" "$PG_HOST" "$PG_PORT" "$PG_USER" "$prefix" "$i"
  done
} > "$work/project/retort.toml"
printf -- '-- A\n--\n-- Revision ID: aaaa00000001\n-- Revises:\n\n-- migrate:upgrade\nCREATE TABLE a (id int);\n\n-- migrate:downgrade\nDROP TABLE a;\n' \
  > "$work/project/versions/aaaa00000001_a.sql"
printf -- '-- B\n--\n-- Revision ID: bbbb00000002\n-- Revises: aaaa00000001\n\n-- migrate:upgrade\nCREATE TABLE b (id int);\n\n-- migrate:downgrade\nDROP TABLE b;\n' \
  > "$work/project/versions/bbbb00000002_b.sql"

echo "== creating $n databases"
for ((i = 0; i < n; i++)); do echo "CREATE DATABASE ${prefix}_$i OWNER $PG_USER;"; done | super
for ((i = 0; i < n; i++)); do
  PGPASSWORD=$PG_PASSWORD psql -qX -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "${prefix}_$i" \
    -c "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO alembic_version VALUES ('aaaa00000001');" &
  if (( i % 16 == 15 )); then wait; fi
done
wait

echo "== retort-cli --env @tenants status --jobs $jobs ($n databases)"
start=$(date +%s.%N)
RETORT_DB_PASSWORD=$PG_PASSWORD "$cli" --project "$work/project" --env @tenants status \
  --jobs "$jobs" > "$work/out" || true
end=$(date +%s.%N)
tail -n 1 "$work/out"
awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { printf "wall time: %.2f s for %d databases (target < 10 s)\n", e - s, n }'
