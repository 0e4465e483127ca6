#!/usr/bin/env bash
# Stops what up.sh started in DIR (each service's stop script), leaving its logs.
# Usage: tests/services/down.sh DIR
set -uo pipefail
dir=${1:?usage: down.sh DIR}
[ -d "$dir/stop.d" ] || exit 0
for stop in "$dir"/stop.d/*.sh; do
  [ -e "$stop" ] || continue
  bash "$stop" || echo "down.sh: $stop failed" >&2
  rm -f "$stop"
done
exit 0
