#!/usr/bin/env bash
# `retort-cli schema --json --detail` as a whole process on MariaDB with N tables (1,000 unless
# $1 says otherwise; 10 columns, 2 secondary indexes and 1 foreign key each), over loopback: best
# and median wall time of 11 runs, max RSS, and the statements the inspection sent (from the
# server's general log). Starts its own MariaDB (tests/services/start-mariadb.sh) in a temporary
# folder and stops it. Not part of ctest: timings are not assertions.
# Usage: tests/bench/mysql_schema_bench.sh [N]     (after building retort-cli in build/)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-1000}
runs=${RUNS:-11}
cli=${RETORT_CLI:-$root/build/src/retort-cli}
work=$(mktemp -d)
chmod 755 "$work"
mkdir -p "$work/stop.d"
: >"$work/services.env"
cleanup() {
  for s in "$work"/stop.d/*.sh; do [ -e "$s" ] && bash "$s" || true; done
  rm -rf "$work"
}
trap cleanup EXIT
"$root/tests/services/start-mariadb.sh" "$work" >"$work/start.log" 2>&1 || { cat "$work/start.log"; exit 1; }
# shellcheck disable=SC1091
. "$work/services.env"
sql() { mariadb --no-defaults -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u"$MYSQL_SUPERUSER" -p"$MYSQL_SUPERPASSWORD" "$@"; }

{
  echo "CREATE TABLE t0 (id INT PRIMARY KEY);"
  for i in $(seq 1 "$n"); do
    echo "CREATE TABLE t$i (id INT AUTO_INCREMENT PRIMARY KEY, ref INT NOT NULL,"
    echo " name VARCHAR(120) NOT NULL DEFAULT '', note TEXT, amount DECIMAL(10,2) DEFAULT 0.00,"
    echo " created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, status ENUM('a','b') DEFAULT 'a',"
    echo " flag TINYINT(1) NOT NULL DEFAULT 0, code CHAR(8), qty INT CHECK (qty >= 0),"
    echo " KEY ix_name_$i (name), UNIQUE KEY uq_code_$i (code),"
    echo " CONSTRAINT fk_$i FOREIGN KEY (ref) REFERENCES t$((i - 1)) (id)) ENGINE=InnoDB;"
  done
} | sql "$MYSQL_DATABASE"

mkdir "$work/project" "$work/project/versions"
cat >"$work/project/retort.toml" <<TOML
[project]
name = "bench"
scripts = "versions"

[environments.bench]
driver = "mysql"
host = "$MYSQL_HOST"
port = $MYSQL_PORT
user = "$MYSQL_USER"
database = "$MYSQL_DATABASE"
TOML

sql -e "SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = ON; TRUNCATE mysql.general_log"
walls=()
for _ in $(seq 1 "$runs"); do
  /usr/bin/time -f '%e %M' -o "$work/t" env RETORT_DB_PASSWORD="$MYSQL_PASSWORD" \
    "$cli" --project "$work/project" --env bench schema --json --detail >"$work/out.json"
  read -r secs kb <"$work/t"
  walls+=("$secs")
  rss=$kb
done
statements=$(sql -N -e "SELECT count(*) FROM mysql.general_log WHERE command_type = 'Query' AND user_host LIKE '$MYSQL_USER[%'")
relations=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$work/out.json")
sorted=$(printf '%s\n' "${walls[@]}" | sort -n)
best=$(echo "$sorted" | head -1)
median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
printf 'MariaDB, %d tables (%d relations in the JSON): retort-cli schema --json --detail\n' "$n" "$relations"
printf '  best %.3f s, median %.3f s of %d runs; max RSS %d KiB; %d statements per run\n' \
  "$best" "$median" "$runs" "$rss" "$((statements / runs))"
