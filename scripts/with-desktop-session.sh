#!/usr/bin/env bash
# Runs a command inside a private desktop session: its own D-Bus session bus,
# a virtual X display (Xvfb) and an unlocked gnome-keyring Secret Service.
# Tests use it so the real app window and the real OS keyring are exercised
# without touching the user's own session.
#   scripts/with-desktop-session.sh COMMAND [ARGS...]
set -euo pipefail

if [ "${AURORA_DESKTOP_SESSION:-}" != "1" ]; then
  export AURORA_DESKTOP_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi

session_dir="$(mktemp -d /tmp/aurora-session.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$session_dir"
}
trap cleanup EXIT

# The keyring lives in the session's own data directory, never the user's.
export XDG_DATA_HOME="$session_dir/data"
mkdir -p "$XDG_DATA_HOME"
printf 'aurora-test' | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >"$session_dir/keyring.log" 2>&1 &
pids+=($!)

Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$session_dir/display" 2>"$session_dir/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$session_dir/display" ] && break; sleep 0.05; done
[ -s "$session_dir/display" ] || { cat "$session_dir/xvfb.log" >&2; echo "Xvfb did not start." >&2; exit 1; }
export DISPLAY=":$(cat "$session_dir/display")"

# WebKitGTK under Xvfb: software rendering, no accessibility bus.
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 NO_AT_BRIDGE=1
# Services the bus starts on demand (portals, keyring prompts) see the same display.
dbus-update-activation-environment DISPLAY XDG_DATA_HOME NO_AT_BRIDGE 2>/dev/null || true

# Wait until the Secret Service answers on the bus.
for _ in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
    string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
  sleep 0.05
done

"$@"
