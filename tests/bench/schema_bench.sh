#!/usr/bin/env bash
# Whole-process `retort-cli schema --json --detail` on PostgreSQL 15 over loopback: a database of
# N tables (1,000 unless $1; 10 columns, 2 indexes — the primary key and one more — and 1 foreign
# key each), median and best wall time of 11 runs, median CPU time and max RSS from
# /usr/bin/time -v; then the statements the inspection sent for 10 and for N tables, counted in
# the server's statement log (log_statement = 'all' on the database, the inspector's session
# found by its set-up statement). Starts its own PostgreSQL (tests/services/start-postgresql.sh)
# in a temporary folder and stops it. Not part of ctest: timings are not assertions.
# Usage: tests/bench/schema_bench.sh [N]     (as root, after building retort-cli in build/)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-1000}
runs=${RUNS:-11}
cli=${RETORT_CLI:-$root/build/src/retort-cli}
work=$(mktemp -d)
chmod 755 "$work"
mkdir -p "$work/services/stop.d"
: >"$work/services/services.env"
trap '"$root/tests/services/down.sh" "$work/services" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$root/tests/services/start-postgresql.sh" "$work/services" >/dev/null
# shellcheck disable=SC1091
. "$work/services/services.env"
log=$(readlink -f "$work/services/postgresql")/server.log
super() { PGPASSWORD=$PG_SUPERPASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@"; }

make_db() { # name tables
  super -d postgres -c "CREATE DATABASE $1 OWNER $PG_USER" >/dev/null
  python3 - "$2" >"$work/$1.sql" <<'PY'
import sys
n = int(sys.argv[1])
print("BEGIN;")
for i in range(n):
    ref = f"t{i - 1}" if i else None
    print(f"CREATE TABLE t{i} (id bigint PRIMARY KEY, parent_id bigint"
          + (f" REFERENCES {ref}(id) ON DELETE CASCADE" if ref else "")
          + ", name character varying(120) NOT NULL, email text, amount numeric(10,2) DEFAULT 0,"
          " created timestamp with time zone DEFAULT now() NOT NULL, flag boolean DEFAULT false,"
          " note text, qty integer CHECK (qty >= 0), payload jsonb);")
    if not ref:
        print(f"ALTER TABLE t{i} ADD FOREIGN KEY (parent_id) REFERENCES t{i}(id);")
    print(f"CREATE INDEX t{i}_name_ix ON t{i} (lower(name)) WHERE email IS NOT NULL;")
print("COMMIT;")
PY
  PGPASSWORD=$PG_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" \
    -d "$1" -f "$work/$1.sql" >/dev/null
  PGPASSWORD=$PG_PASSWORD psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$1" \
    -c "ANALYZE" >/dev/null 2>&1
  mkdir -p "$work/$1/versions"
  cat >"$work/$1/retort.toml" <<TOML
[project]
name = "bench"

[environments.e]
driver = "postgresql"
host = "$PG_HOST"
port = $PG_PORT
user = "$PG_USER"
database = "$1"
TOML
}

run_cli() { # project
  RETORT_DB_PASSWORD=$PG_PASSWORD "$cli" --project "$1" --env e schema --json --detail
}

# Statements of the inspecting session in the server's log, from byte offset $2 on.
count_statements() { # project
  local before pid
  before=$(stat -c %s "$log")
  run_cli "$1" >/dev/null
  pid=$(tail -c +"$((before + 1))" "$log" |
    grep -m1 "statement: SELECT pg_catalog.pg_backend_pid(), pg_catalog.set_config('default_transaction_read_only'" |
    sed 's/.*\[\([0-9]*\)\].*/\1/')
  tail -c +"$((before + 1))" "$log" | grep -cE "\[$pid\] LOG:  (statement|execute)"
}

make_db bench_small 10
make_db bench_big "$n"
relations=$(run_cli "$work/bench_big" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
bytes=$(run_cli "$work/bench_big" | wc -c)
echo "database: $n tables; retort-cli schema --json --detail lists $relations relations ($bytes bytes of JSON)"

: >"$work/times"
run_cli "$work/bench_big" >/dev/null # warm the server's caches
for _ in $(seq "$runs"); do
  t0=$(date +%s%N)
  RETORT_DB_PASSWORD=$PG_PASSWORD /usr/bin/time -v -o "$work/t" "$cli" --project "$work/bench_big" \
    --env e schema --json --detail >/dev/null
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -F': ' '
    /User time/ {u = $2} /System time/ {s = $2} /Maximum resident/ {m = $2}
    END {printf "%.4f %.4f %d\n", (b - a) / 1e9, u + s, m}' "$work/t" >>"$work/times"
done
sort -g "$work/times" | awk -v n="$n" '{w[NR] = $1; c[NR] = $2; r = $3}
  END {k = asort(c); printf "schema --json --detail, %d tables: median %6.1f ms  best %6.1f ms  cpu %6.1f ms  max RSS %6d KiB\n",
       n, w[int((NR + 1) / 2)] * 1000, w[1] * 1000, c[int((k + 1) / 2)] * 1000, r}'

super -d postgres -c "ALTER DATABASE bench_small SET log_statement = 'all'" \
  -c "ALTER DATABASE bench_big SET log_statement = 'all'" >/dev/null
echo "statements sent: 10 tables: $(count_statements "$work/bench_small"); $n tables: $(count_statements "$work/bench_big")"
