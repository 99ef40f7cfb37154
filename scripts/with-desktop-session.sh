#!/usr/bin/env bash
# Runs a command inside a private desktop session: its own D-Bus session bus,
# a virtual X display (Xvfb) and an unlocked gnome-keyring Secret Service.
# Tests use it so the real app window and the real OS keyring are exercised
# without touching the user's own session.
#   scripts/with-desktop-session.sh COMMAND [ARGS...]
set -euo pipefail

if [ "${AURORA_DESKTOP_SESSION:-}" != "1" ]; then
  export AURORA_DESKTOP_SESSION=1
  AURORA_SESSION_DIR="$(mktemp -d /tmp/aurora-session.XXXXXX)"
  # The keyring lives in the session's own data directory, never the user's.
  # The bus reads its service files from there too, so it starts our own
  # unlocked Secret Service if gnome-keyring ever stops (it can crash when a
  # client is killed in the middle of a call, as the kill tests do) instead of
  # a locked one that waits for a password prompt nobody answers.
  export AURORA_SESSION_DIR XDG_DATA_HOME="$AURORA_SESSION_DIR/data"
  mkdir -p "$XDG_DATA_HOME/dbus-1/services"
  cat >"$AURORA_SESSION_DIR/secret-service" <<'SERVICE'
#!/bin/sh
printf 'aurora-test' | exec gnome-keyring-daemon --foreground --unlock --components=secrets
SERVICE
  chmod +x "$AURORA_SESSION_DIR/secret-service"
  printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=%s\n' "$AURORA_SESSION_DIR/secret-service" \
    >"$XDG_DATA_HOME/dbus-1/services/org.freedesktop.secrets.service"
  exec dbus-run-session -- "$0" "$@"
fi

session_dir="$AURORA_SESSION_DIR"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$session_dir"
}
trap cleanup EXIT

"$session_dir/secret-service" >"$session_dir/keyring.log" 2>&1 &
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
