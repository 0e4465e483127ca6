#!/usr/bin/env bash
# Starts every real service the server tests use, each from its own start-*.sh, in a fresh DIR.
# Usage: tests/services/up.sh DIR
#
# Contract for a start script `start-NAME.sh DIR`:
#   - it starts its service on 127.0.0.1 at a free port (free-port.sh), with data under DIR/NAME;
#   - it appends what tests need as KEY=VALUE lines to DIR/services.env (keys prefixed by the
#     service, e.g. PG_PORT=…), and a stop command to DIR/stop.d/NAME.sh (run by down.sh);
#   - it waits until the service answers, and exits non-zero (with its log) if it does not.
# Tests read DIR/services.env through tests/server/TestServices.h.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: up.sh DIR}
"$here/down.sh" "$dir" 2>/dev/null || true
rm -rf "$dir"
mkdir -p "$dir/stop.d"
chmod 755 "$dir"
: >"$dir/services.env"
for script in "$here"/start-*.sh; do
  [ -e "$script" ] || continue
  name=$(basename "$script" .sh)
  name=${name#start-}
  echo "up.sh: starting $name" >&2
  if ! "$script" "$dir" >"$dir/$name.start.log" 2>&1; then
    echo "up.sh: $name failed to start:" >&2
    cat "$dir/$name.start.log" >&2
    "$here/down.sh" "$dir" || true
    exit 1
  fi
done
echo "up.sh: services ready in $dir" >&2
