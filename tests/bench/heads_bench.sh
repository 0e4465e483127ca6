#!/usr/bin/env bash
# Whole-process `retort-cli heads` with a warm parse cache on generated 10,000-revision projects
# (or N from $1), native (gen_project.py) and Alembic (gen_alembic_project.py), each in the
# default shape and `dense` (a label on every side branch, a depends_on every 10 revisions):
# median and best wall time of 21 runs, median CPU time (user + sys) and max RSS from
# /usr/bin/time -v. With RETORT_CLI_BEFORE=path/to/an/older/retort-cli, that binary is measured
# too, run for run interleaved with this one (each with its own cache folder), for before/after
# figures on a busy machine. Not part of ctest: timings are not assertions.
# Usage: tests/bench/heads_bench.sh [N]     (after building retort-cli in build/)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-10000}
runs=${RUNS:-21}
after=${RETORT_CLI:-$root/build/src/retort-cli}
before=${RETORT_CLI_BEFORE:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$root/tests/bench/gen_project.py" "$n" "$work/native"
python3 "$root/tests/bench/gen_project.py" "$n" "$work/native-dense" dense
for shape in alembic alembic-dense; do
  mkdir "$work/$shape"
  (cd "$work/$shape" && alembic init alembic >/dev/null)
  python3 "$root/tests/bench/gen_alembic_project.py" "$n" "$work/$shape/alembic/versions" \
    "$([ "$shape" = alembic-dense ] && echo dense || echo default)"
done
sleep 2.5 # the cache does not record files changed in the last two seconds

one() { # cli cachedir project: appends "wall cpu rss" to $work/<label>
  local t0 t1
  t0=$(date +%s%N)
  RETORT_CACHE_DIR=$2 /usr/bin/time -v -o "$work/t" "$1" --project "$3" heads >/dev/null 2>&1
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -F': ' '
    /User time/ {u = $2} /System time/ {s = $2} /Maximum resident/ {m = $2}
    END {printf "%.4f %.4f %d\n", (b - a) / 1e9, u + s, m}' "$work/t"
}
report() { # label file
  sort -g "$2" | awk -v label="$1" '{w[NR] = $1; c[NR] = $2; r = $3}
    END {n = asort(c); printf "%-36s median %6.1f ms  best %6.1f ms  cpu %6.1f ms  max RSS %6d KiB\n",
         label, w[int((NR + 1) / 2)] * 1000, w[1] * 1000, c[int((n + 1) / 2)] * 1000, r}'
}
for shape in native native-dense alembic alembic-dense; do
  : >"$work/after"
  : >"$work/before"
  for _ in 1 2; do # warm each binary's own cache: fill it, then use it once
    one "$after" "$work/cache-after" "$work/$shape" >/dev/null
    [ -z "$before" ] || one "$before" "$work/cache-before" "$work/$shape" >/dev/null
  done
  for _ in $(seq "$runs"); do
    one "$after" "$work/cache-after" "$work/$shape" >>"$work/after"
    [ -z "$before" ] || one "$before" "$work/cache-before" "$work/$shape" >>"$work/before"
  done
  [ -z "$before" ] || report "before: heads, $shape" "$work/before"
  report "heads, $shape" "$work/after"
done
