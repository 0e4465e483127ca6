#!/usr/bin/env bash
# Starts an OpenSSH server on 127.0.0.1 for the SSH tunnel tests (contract: see up.sh).
# Usage: tests/services/start-sshd.sh DIR
#
# Data under DIR/sshd: a host key, a second "other" host key, user keys (one without a passphrase,
# one with, one the server does not accept), authorized_keys, known_hosts files (plain, hashed,
# and a "changed" one holding the other host key), an sshd_config the tests can reuse to start a
# private sshd, and the log. Logins use the throwaway user `retort-test` (created if missing,
# shell nologin, no home), with a random password generated once per machine
# (/var/lib/retort-test/password).
#
# services.env keys: SSH_HOST SSH_PORT SSH_USER SSH_PASSWORD SSH_DIR SSH_CONFIG SSH_PID_FILE
# SSH_HOST_KEY_PUB SSH_KEY SSH_KEY_PASS SSH_KEY_PASSPHRASE SSH_KEY_REFUSED SSH_KNOWN_HOSTS
# SSH_KNOWN_HOSTS_HASHED SSH_KNOWN_HOSTS_CHANGED
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: start-sshd.sh DIR}
dir=$(cd "$dir" && pwd) # absolute: paths go into services.env and socket addresses
d=$dir/sshd
mkdir -p "$d" /run/sshd
chmod 755 "$d"

user=retort-test
if ! id "$user" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" ||
    id "$user" >/dev/null # another run created it meanwhile
fi
rand() { /usr/bin/python3 -c 'import secrets; print(secrets.token_urlsafe(18))'; }
# One random password per machine (root-only file), so that concurrent test runs in several
# checkouts do not change it under each other's feet.
pwdir=/var/lib/retort-test
if [ ! -s "$pwdir/password" ]; then
  mkdir -p -m 700 "$pwdir"
  (umask 077 && rand >"$pwdir/password.$$" && mv "$pwdir/password.$$" "$pwdir/password")
fi
password=$(cat "$pwdir/password")
echo "$user:$password" | chpasswd
passphrase=$(rand)

ssh-keygen -q -t ed25519 -N '' -C retort-test-host -f "$d/hostkey"
ssh-keygen -q -t ed25519 -N '' -C retort-test-other-host -f "$d/otherhostkey"
ssh-keygen -q -t ed25519 -N '' -C retort-test-user -f "$d/userkey"
ssh-keygen -q -t ed25519 -N "$passphrase" -C retort-test-user-pass -f "$d/userkey_pass"
ssh-keygen -q -t ed25519 -N '' -C retort-test-refused -f "$d/refusedkey"
cat "$d/userkey.pub" "$d/userkey_pass.pub" >"$d/authorized_keys"
chmod 644 "$d/authorized_keys" "$d"/*.pub
# The test processes run as root, but keep the private keys readable only by their owner.
chmod 600 "$d/userkey" "$d/userkey_pass" "$d/refusedkey"

port=$("$here/free-port.sh")
cat >"$d/sshd_config" <<EOF
ListenAddress 127.0.0.1
HostKey $d/hostkey
AuthorizedKeysFile $d/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin no
AllowUsers $user
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
AllowTcpForwarding yes
PermitOpen any
X11Forwarding no
MaxStartups 100:30:200
LogLevel VERBOSE
EOF

/usr/sbin/sshd -f "$d/sshd_config" -p "$port" -o PidFile="$d/sshd.pid" -E "$d/sshd.log"

echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$d/hostkey.pub")" >"$d/known_hosts"
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$d/otherhostkey.pub")" >"$d/known_hosts_changed"
cp "$d/known_hosts" "$d/known_hosts_hashed"
ssh-keygen -q -H -f "$d/known_hosts_hashed" >/dev/null 2>&1
rm -f "$d/known_hosts_hashed.old"

cat >"$dir/stop.d/sshd.sh" <<EOF
[ -f "$d/sshd.pid" ] && kill "\$(cat "$d/sshd.pid")" 2>/dev/null
rm -f "$d/sshd.pid"
exit 0
EOF

# Wait until sshd answers, then prove a real key login and a direct-tcpip forwarding work:
# `ssh -W` forwards stdin/stdout to 127.0.0.1:$port (sshd itself), so its banner comes back.
banner=
for _ in $(seq 1 50); do
  banner=$(timeout 10 ssh -n -F /dev/null -i "$d/userkey" -o BatchMode=yes -o IdentitiesOnly=yes \
    -o UserKnownHostsFile="$d/known_hosts" -o StrictHostKeyChecking=yes -p "$port" \
    -W "127.0.0.1:$port" "$user@127.0.0.1" 2>>"$d/ssh-check.log" | head -c 64 || true)
  [[ $banner == SSH-2.0-* ]] && break
  sleep 0.1
done
if [[ $banner != SSH-2.0-* ]]; then
  echo "start-sshd.sh: no key login with forwarding on 127.0.0.1:$port" >&2
  cat "$d/ssh-check.log" "$d/sshd.log" >&2 || true
  exit 1
fi

cat >>"$dir/services.env" <<EOF
SSH_HOST=127.0.0.1
SSH_PORT=$port
SSH_USER=$user
SSH_PASSWORD=$password
SSH_DIR=$d
SSH_CONFIG=$d/sshd_config
SSH_PID_FILE=$d/sshd.pid
SSH_HOST_KEY_PUB=$d/hostkey.pub
SSH_KEY=$d/userkey
SSH_KEY_PASS=$d/userkey_pass
SSH_KEY_PASSPHRASE=$passphrase
SSH_KEY_REFUSED=$d/refusedkey
SSH_KNOWN_HOSTS=$d/known_hosts
SSH_KNOWN_HOSTS_HASHED=$d/known_hosts_hashed
SSH_KNOWN_HOSTS_CHANGED=$d/known_hosts_changed
EOF
echo "start-sshd.sh: sshd on 127.0.0.1:$port (pid $(cat "$d/sshd.pid"))"
