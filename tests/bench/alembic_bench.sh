#!/usr/bin/env bash
# retort-cli against the real alembic on a generated 10,000-revision Alembic project (or N from
# $1): `heads` and `history`, whole processes, /usr/bin/time -v (wall time, max RSS).
# The project is made with the real `alembic init`; its revision files are what `alembic
# revision` writes (tests/bench/gen_alembic_project.py). Retort: best of 5; Alembic: one run each
# (it takes seconds). Retort keeps a cache of parsed scripts (src/core/scripts/ScriptCache.h):
# the first of the 5 runs fills it; "no cache" reads and parses every file each time.
# Not part of ctest.
# Usage: tests/bench/alembic_bench.sh [N]     (after building retort-cli in build/)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-10000}
cli=${RETORT_CLI:-$root/build/src/retort-cli}
alembic=${ALEMBIC:-alembic}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RETORT_CACHE_DIR=$work/cache # Retort's parsed-script cache: the first run fills it
mkdir "$work/project"
(cd "$work/project" && "$alembic" init alembic >/dev/null)
/usr/bin/python3 "$root/tests/bench/gen_alembic_project.py" "$n" "$work/project/alembic/versions"
cd "$work/project"

measure() { # label runs command...: prints the best wall time of `runs` runs and its max RSS
  local label=$1 runs=$2; shift 2
  local best= rss= out="$work/out"
  for _ in $(seq "$runs"); do
    /usr/bin/time -v -o "$work/t" "$@" >"$out" 2>"$work/err" || { cat "$work/err"; exit 1; }
    local wall kb
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/t")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/t")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; rss=$kb; fi
  done
  printf '%-22s %9.3f s   max RSS %8d KiB   (%d lines; best of %d)\n' "$label" "$best" "$rss" \
    "$(wc -l <"$out")" "$runs"
  eval "$(echo "$label" | tr -c 'a-z\n' '_')=$best"
}
echo "== $n-revision Alembic project: $(ls alembic/versions | wc -l) files, $(du -sh alembic/versions | cut -f1)"
RETORT_NO_CACHE=1 measure "retort-cli heads, no cache" 3 "$cli" --project . heads
measure "retort-cli heads" 5 "$cli" --project . heads
RETORT_NO_CACHE=1 measure "retort-cli history, no cache" 3 "$cli" --project . history
measure "retort-cli history" 5 "$cli" --project . history
measure "alembic heads" 1 "$alembic" heads
measure "alembic history" 1 "$alembic" history
awk -v rh="$retort_cli_heads" -v ah="$alembic_heads" -v rs="$retort_cli_history" \
    -v as="$alembic_history" \
    'BEGIN { printf "speed-up: heads %.0fx, history %.0fx\n", ah / rh, as / rs }'
