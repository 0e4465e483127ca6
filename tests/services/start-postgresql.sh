#!/usr/bin/env bash
# Starts PostgreSQL 15 for the server tests (see up.sh for the contract), on 127.0.0.1 at a free
# port with scram-sha-256 password authentication and its data in DIR/postgresql.
# services.env gets:
#   PG_HOST, PG_PORT                 where it listens
#   PG_USER, PG_PASSWORD, PG_DATABASE  an ordinary login role owning the database PG_DATABASE
#   PG_SUPERUSER, PG_SUPERPASSWORD   the superuser: tests that need a fresh database create one
#                                    with a unique name (and drop it afterwards) as this role
# Usage: tests/services/start-postgresql.sh DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: start-postgresql.sh DIR}
bin=/usr/lib/postgresql/15/bin
data=$dir/postgresql
port=$("$here/free-port.sh")
superpw=super-$RANDOM$RANDOM
apppw=app-$RANDOM$RANDOM

mkdir -p "$data"
chown postgres "$data"
chmod 700 "$data"
# The server runs as `postgres`, which must reach its data: when DIR lies below a folder it may
# not enter (a checkout under /root), the data goes to a private folder under /tmp instead and
# DIR/postgresql links to it (the stop script copies the server log back and deletes the folder).
if ! su postgres -s /bin/bash -c "test -w '$data'"; then
  rmdir "$data"
  tmp=$(mktemp -d /tmp/retort-postgresql.XXXXXX)
  chmod 755 "$tmp"
  chown postgres "$tmp"
  ln -s "$tmp" "$data"
  data=$tmp
fi
echo "$superpw" >"$data/superuser.pw"
chown postgres "$data/superuser.pw"
chmod 600 "$data/superuser.pw"
# initdb refuses to run as root; run the server as the postgres user, in a directory it owns.
su postgres -s /bin/bash -c "$bin/initdb -D '$data/db' -A scram-sha-256 --pwfile='$data/superuser.pw' -U postgres -E UTF8 --locale=C.UTF-8" >"$data/initdb.log" 2>&1 ||
  { cat "$data/initdb.log"; exit 1; }
rm -f "$data/superuser.pw"

cat >"$dir/stop.d/postgresql.sh" <<STOP
su postgres -s /bin/bash -c "$bin/pg_ctl -D '$data/db' -m fast -w stop" >/dev/null
STOP
if [ -n "${tmp:-}" ]; then # keep the log in DIR, drop the private data folder
  cat >>"$dir/stop.d/postgresql.sh" <<STOP
rm -f '$dir/postgresql'; mkdir -p '$dir/postgresql'; cp '$tmp/server.log' '$dir/postgresql/' 2>/dev/null
rm -rf '$tmp'
STOP
fi

if ! su postgres -s /bin/bash -c "$bin/pg_ctl -D '$data/db' -o \"-p $port -k '$data' -c listen_addresses=127.0.0.1 -c max_connections=60\" -l '$data/server.log' -w -t 60 start" >/dev/null; then
  cat "$data/server.log"
  exit 1
fi

export PGPASSWORD=$superpw
psql=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres)
ready=
for _ in $(seq 1 60); do
  if "${psql[@]}" -c 'select 1' >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.5
done
[ -n "$ready" ] || { echo "postgresql did not answer on port $port"; cat "$data/server.log"; exit 1; }
# CREATE DATABASE cannot run inside the transaction a multi-statement -c would open.
"${psql[@]}" -c "create role app login password '$apppw'"
"${psql[@]}" -c "create database app owner app"

cat >>"$dir/services.env" <<ENV
PG_HOST=127.0.0.1
PG_PORT=$port
PG_USER=app
PG_PASSWORD=$apppw
PG_DATABASE=app
PG_SUPERUSER=postgres
PG_SUPERPASSWORD=$superpw
ENV
echo "postgresql ready on 127.0.0.1:$port"
