#!/usr/bin/env bash
# retort-cli against the real alembic on a generated 10,000-revision Alembic project (or N from
# $1): `heads` and `history`, whole processes: wall time from the clock, max RSS from
# /usr/bin/time -v. The project is made with the real `alembic init`; its revision files are
# what `alembic revision` writes (tests/bench/gen_alembic_project.py). Retort: best and median of
# 11 runs (3 without the cache); Alembic: one run each (it takes seconds). Retort keeps a cache of
# parsed scripts (src/core/scripts/ScriptCache.h), filled by one run before the cached
# measurements; "no cache" reads and parses every file each time.
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

measure() { # label runs command...: prints the best and median wall time of `runs` runs
  local label=$1 runs=$2; shift 2
  local best= rss= out="$work/out" walls=()
  for _ in $(seq "$runs"); do
    # Wall time from the clock around the run (to the microsecond; /usr/bin/time prints only
    # hundredths), max RSS from /usr/bin/time -v.
    local t0 t1 wall kb
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$work/t" "$@" >"$out" 2>"$work/err" || { cat "$work/err"; exit 1; }
    t1=$(date +%s%N)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    walls+=("$wall")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/t")
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; rss=$kb; fi
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-30s best %8.4f s  median %8.4f s  max RSS %7d KiB  (%d lines; %d runs)\n' "$label" \
    "$best" "$median" "$rss" "$(wc -l <"$out")" "$runs"
  eval "$(echo "$label" | tr -c 'a-z\n' '_')=$best"
  eval "$(echo "$label" | tr -c 'a-z\n' '_')_median=$median"
}
echo "== $n-revision Alembic project: $(ls alembic/versions | wc -l) files, $(du -sh alembic/versions | cut -f1)"
RETORT_NO_CACHE=1 measure "retort-cli heads, no cache" 3 "$cli" --project . heads
# The cache does not record files changed in the last two seconds (ScriptCache::store): the
# project was generated just now.
sleep 2.5
"$cli" --project . heads >/dev/null # fills the cache
measure "retort-cli heads" 11 "$cli" --project . heads
RETORT_NO_CACHE=1 measure "retort-cli history, no cache" 3 "$cli" --project . history
measure "retort-cli history" 11 "$cli" --project . history
measure "alembic heads" 1 "$alembic" heads
measure "alembic history" 1 "$alembic" history
awk -v rh="$retort_cli_heads" -v ah="$alembic_heads" -v rs="$retort_cli_history" \
    -v as="$alembic_history" -v mh="$retort_cli_heads_median" -v ms="$retort_cli_history_median" \
    'BEGIN { printf "speed-up (best): heads %.0fx, history %.0fx; (median): heads %.0fx, history %.0fx\n",
             ah / rh, as / rs, ah / mh, as / ms }'
