#!/usr/bin/env bash
# Benchmarks for a 10,000-revision native project (or N from $1): the core in-process
# (Google Benchmark) and retort-cli as whole processes (/usr/bin/time -v: wall time, max RSS).
# Usage: tests/bench/run_bench.sh [N]     (after scripts/build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-10000}
build=$root/build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/tests/bench/gen_project.py" "$n" "$work/project"
echo "== core ($n revisions)"
RETORT_BENCH_PROJECT=$work/project "$build/tests/bench/retort_bench" --benchmark_min_time=0.5
echo "== GUI, offscreen ($n revisions)"
RETORT_BENCH_PROJECT=$work/project "$build/tests/bench/retort_gui_bench" --benchmark_min_time=0.5
echo "== Schema diff and autogenerate (1,000 tables)"
"$build/tests/bench/retort_diff_bench" --benchmark_min_time=0.5
"$build/tests/bench/retort_autogenerate_bench" --benchmark_min_time=0.5
echo "== Schema view, offscreen (a synthetic 1,000-table snapshot)"
"$build/tests/bench/retort_schema_gui_bench" 1000
cli() {
  local label=$1; shift
  local best=
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f '%e %M' -o "$work/t" "$build/src/retort-cli" --project "$work/project" "$@" >/dev/null
    read -r secs kb < "$work/t"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; rss=$kb; fi
  done
  printf '%-32s best of 5: %6.3f s   max RSS %6d KiB\n' "$label" "$best" "$rss"
}
echo "== retort-cli as a whole process ($n revisions)"
cli "retort-cli heads" heads
cli "retort-cli history" history
cli "retort-cli upgrade heads --sql" upgrade heads --sql
