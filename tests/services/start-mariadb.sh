#!/usr/bin/env bash
# Starts MariaDB 10.11 for the server tests (see up.sh for the contract), on 127.0.0.1 at a free
# port with its data in DIR/mariadb.
# services.env gets:
#   MYSQL_HOST, MYSQL_PORT               where it listens
#   MYSQL_USER, MYSQL_PASSWORD, MYSQL_DATABASE  an ordinary user with every right on MYSQL_DATABASE
#   MYSQL_SUPERUSER, MYSQL_SUPERPASSWORD root over TCP: tests that need a fresh database create
#                                        one with a unique name (and drop it afterwards) as root
# Usage: tests/services/start-mariadb.sh DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: start-mariadb.sh DIR}
data=$dir/mariadb
port=$("$here/free-port.sh")
rootpw=root-$RANDOM$RANDOM
apppw=app-$RANDOM$RANDOM

mkdir -p "$data"
chown mysql:mysql "$data"
# The server runs as `mysql`, which must reach its data: when DIR lies below a folder it may not
# enter (a checkout under /root), the data goes to a private folder under /tmp instead and
# DIR/mariadb links to it (the stop script copies the server log back and deletes the folder).
if ! su mysql -s /bin/bash -c "test -w '$data'"; then
  rmdir "$data"
  tmp=$(mktemp -d /tmp/retort-mariadb.XXXXXX)
  chmod 755 "$tmp"
  chown mysql:mysql "$tmp"
  ln -s "$tmp" "$data"
  data=$tmp
fi
mariadb-install-db --no-defaults --datadir="$data/data" --user=mysql \
  --auth-root-authentication-method=normal >"$data/install.log" 2>&1 || { cat "$data/install.log"; exit 1; }

mariadbd --no-defaults --datadir="$data/data" --socket="$data/sock" --port="$port" \
  --bind-address=127.0.0.1 --user=mysql --pid-file="$data/pid" --log-error="$data/server.log" \
  --skip-name-resolve >/dev/null 2>&1 </dev/null &
pid=$!
cat >"$dir/stop.d/mariadb.sh" <<STOP
pid=\$(cat '$data/pid' 2>/dev/null || echo $pid)
if kill "\$pid" 2>/dev/null; then
  for _ in \$(seq 1 100); do kill -0 "\$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "\$pid" 2>/dev/null || true
fi
STOP
if [ -n "${tmp:-}" ]; then # keep the log in DIR, drop the private data folder
  cat >>"$dir/stop.d/mariadb.sh" <<STOP
rm -f '$dir/mariadb'; mkdir -p '$dir/mariadb'; cp '$tmp/server.log' '$dir/mariadb/' 2>/dev/null
rm -rf '$tmp'
STOP
fi

ready=
for _ in $(seq 1 120); do
  if mariadb --no-defaults -S "$data/sock" -uroot -e 'select 1' >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
[ -n "$ready" ] || { echo "mariadb did not answer"; cat "$data/server.log"; exit 1; }

mariadb --no-defaults -S "$data/sock" -uroot <<SQL
CREATE DATABASE app;
CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY '$apppw';
GRANT ALL ON app.* TO 'app'@'127.0.0.1';
CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY '$rootpw';
GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
mariadb --no-defaults -h 127.0.0.1 -P "$port" -uapp -p"$apppw" app -e 'select 1' >/dev/null

cat >>"$dir/services.env" <<ENV
MYSQL_HOST=127.0.0.1
MYSQL_PORT=$port
MYSQL_USER=app
MYSQL_PASSWORD=$apppw
MYSQL_DATABASE=app
MYSQL_SUPERUSER=root
MYSQL_SUPERPASSWORD=$rootpw
ENV
echo "mariadb ready on 127.0.0.1:$port"
