#!/usr/bin/env bash
# Starts a private D-Bus session bus and a gnome-keyring Secret Service on it, unlocked, for the
# keychain tests (contract: see up.sh). Nothing touches the user's real session or keyring: the
# bus has its own config and socket, the keyring lives in a fresh HOME under DIR/keyring.
# Usage: tests/services/start-keyring.sh DIR
#
# services.env keys: KEYRING_DBUS_ADDRESS KEYRING_HOME KEYRING_DBUS_PID KEYRING_DAEMON_PID
set -euo pipefail
dir=${1:?usage: start-keyring.sh DIR}
dir=$(cd "$dir" && pwd) # absolute: paths go into services.env and socket addresses
d=$dir/keyring
mkdir -p "$d/home" "$d/xdg-data" "$d/xdg-config" "$d/xdg-cache" "$d/run"
chmod 700 "$d/run"
export HOME=$d/home XDG_DATA_HOME=$d/xdg-data XDG_CONFIG_HOME=$d/xdg-config
export XDG_CACHE_HOME=$d/xdg-cache XDG_RUNTIME_DIR=$d/run
unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

# A session bus of our own (the system session.conf, with a private socket and no auto-start of
# services other than those on the standard path, which is what gnome-keyring needs).
cat >"$d/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$d/run/bus</listen>
  <auth>EXTERNAL</auth>
  <standard_session_servicedirs/>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
out=$(dbus-daemon --config-file="$d/session.conf" --fork --print-address=1 --print-pid=1)
address=$(sed -n 1p <<<"$out")
dbus_pid=$(sed -n 2p <<<"$out")
[ -n "$address" ] && [ -n "$dbus_pid" ] || { echo "start-keyring.sh: dbus-daemon failed: $out" >&2; exit 1; }
echo "$dbus_pid" >"$d/dbus.pid"
export DBUS_SESSION_BUS_ADDRESS=$address

cat >"$dir/stop.d/keyring.sh" <<EOF
[ -f "$d/keyring.pid" ] && kill "\$(cat "$d/keyring.pid")" 2>/dev/null
[ -f "$d/dbus.pid" ] && kill "\$(cat "$d/dbus.pid")" 2>/dev/null
rm -f "$d/keyring.pid" "$d/dbus.pid"
exit 0
EOF

# --unlock reads the login keyring's password from stdin and creates the keyring when it does not
# exist; it forks a daemon and prints its environment (GNOME_KEYRING_CONTROL=…).
printf '%s' retort-test-unlock |
  gnome-keyring-daemon --unlock --components=secrets >"$d/daemon.env" 2>"$d/daemon.log"

# Wait until org.freedesktop.secrets answers on our bus, and find the daemon's PID from the bus.
keyring_pid=
for _ in $(seq 1 50); do
  if keyring_pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
      awk '/uint32/ {print $2}') && [ -n "$keyring_pid" ]; then
    break
  fi
  sleep 0.1
done
if [ -z "$keyring_pid" ]; then
  echo "start-keyring.sh: org.freedesktop.secrets did not appear on $address" >&2
  cat "$d/daemon.log" >&2 || true
  exit 1
fi
echo "$keyring_pid" >"$d/keyring.pid"

# A round trip through the Secret Service proves the keyring is unlocked and writable.
if command -v secret-tool >/dev/null; then
  printf 'probe' | secret-tool store --label='retort probe' service retort-probe key probe
  [ "$(secret-tool lookup service retort-probe key probe)" = probe ] || {
    echo "start-keyring.sh: secret-tool round trip failed" >&2
    cat "$d/daemon.log" >&2 || true
    exit 1
  }
  secret-tool clear service retort-probe key probe
fi

cat >>"$dir/services.env" <<EOF
KEYRING_DBUS_ADDRESS=$address
KEYRING_HOME=$d/home
KEYRING_DBUS_PID=$dbus_pid
KEYRING_DAEMON_PID=$keyring_pid
EOF
echo "start-keyring.sh: Secret Service on $address (dbus $dbus_pid, gnome-keyring $keyring_pid)"
