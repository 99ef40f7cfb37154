# Shared helpers for Aurora's set-up scripts. Source it; do not run it.
# Every ensure_* function checks first and installs only what is missing,
# so a second run installs nothing.

set -euo pipefail

AURORA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$AURORA_ROOT/.tools"
TAURI_DRIVER_VERSION="2.1.0"
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/bin:$PATH"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
ok() { printf '    %s\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "Installing system packages needs root: run this as root or install sudo."
  fi
}

# ensure_apt PKG...: installs the Debian packages that are not installed yet.
APT_UPDATED=0
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    ok "Debian packages already installed: $*"
    return
  fi
  say "Installing Debian packages: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then as_root apt-get update -q; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# The packages Tauri needs to build and run on Linux.
APP_APT_PACKAGES=(build-essential pkg-config curl file libssl-dev libwebkit2gtk-4.1-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev libayatana-appindicator3-dev xdg-utils
  desktop-file-utils)
# What the tests need on top: a virtual display, WebKit's WebDriver, a D-Bus
# session with a real Secret Service (gnome-keyring), and Python for the
# fidelity tests with OVH's own client.
TEST_APT_PACKAGES=(xvfb webkit2gtk-driver dbus-x11 dbus gnome-keyring libsecret-tools python3-venv imagemagick)

ensure_rust() {
  command -v cargo >/dev/null || die "Rust is missing: install it with rustup (https://rustup.rs) and run this again."
  ok "Rust: $(cargo --version)"
}

ensure_node() {
  command -v npm >/dev/null || ensure_apt nodejs npm
  ok "Node.js: $(node --version), npm $(npm --version)"
}

# Installs the UI's npm packages from the lockfile when the lockfile changed.
ensure_ui_packages() {
  local stamp="$AURORA_ROOT/ui/node_modules/.aurora-lock-hash"
  local want
  want="$(sha256sum "$AURORA_ROOT/ui/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    ok "UI npm packages already installed from the lockfile."
    return
  fi
  say "Installing the UI's npm packages from ui/package-lock.json"
  (cd "$AURORA_ROOT/ui" && npm ci --no-audit --no-fund)
  echo "$want" > "$stamp"
}

ensure_tauri_driver() {
  if command -v tauri-driver >/dev/null && [ "$(cargo install --list | grep -c "^tauri-driver v$TAURI_DRIVER_VERSION:")" -eq 1 ]; then
    ok "tauri-driver $TAURI_DRIVER_VERSION already installed."
    return
  fi
  say "Installing tauri-driver $TAURI_DRIVER_VERSION from crates.io"
  cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
}

# A virtualenv with OVH's Python client, for the simulator's fidelity tests.
ensure_python_venv() {
  local venv="$TOOLS_DIR/venv" req="$AURORA_ROOT/tests/fidelity/requirements.txt"
  local stamp="$venv/.aurora-req-hash" want
  [ -f "$req" ] || return 0
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    ok "Python test packages already installed in .tools/venv."
    return
  fi
  say "Installing Python test packages into .tools/venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$req"
  echo "$want" > "$stamp"
}

# Installs the pinned ovhcloud CLI into .tools/bin/ovhcloud and binaries/
# (see scripts/build-ovhcloud-cli.sh for where it comes from). Without it the
# tests that run the real CLI cannot run: that fails the set-up, unless
# AURORA_ALLOW_NO_CLI=1 says to go on without them (the summary line says so).
ensure_ovhcloud_cli() {
  say "Installing the pinned ovhcloud CLI (.tools/bin/ovhcloud and the Tauri sidecar)"
  local status=0
  "$AURORA_ROOT/scripts/build-ovhcloud-cli.sh" || status=$?
  case "$status" in
    0) ;;
    3)
      if [ "${AURORA_ALLOW_NO_CLI:-}" = "1" ]; then
        printf '\033[1;33mwarning:\033[0m %s\n' "No ovhcloud CLI, and AURORA_ALLOW_NO_CLI=1: the tests that run the real CLI will be skipped."
      else
        die "No ovhcloud CLI, so the tests that run it cannot run. Set OVHCLOUD_CLI=/path/to/ovhcloud (or put OVHcloud's prebuilt CLI in ../shared/tools/ovhcloud-cli/), or set AURORA_ALLOW_NO_CLI=1 to run the other tests without them."
      fi
      ;;
    *) die "Installing the ovhcloud CLI failed (exit $status): see the lines above." ;;
  esac
}

# The Tauri CLI from the UI's npm packages (@tauri-apps/cli, pinned in
# ui/package-lock.json): its prebuilt binary installs in seconds with the
# other npm packages, where `cargo install tauri-cli` compiles for minutes.
tauri_cli() {
  "$AURORA_ROOT/ui/node_modules/.bin/tauri" "$@"
}

# Files the bundles need that are made, not kept: the Debian changelog is
# installed gzipped (tauri.conf.json maps binaries/changelog.gz into the .deb).
prepare_bundle_files() {
  mkdir -p "$AURORA_ROOT/binaries"
  gzip -9nc "$AURORA_ROOT/packaging/debian/changelog" > "$AURORA_ROOT/binaries/changelog.gz"
}

build_ui() {
  say "Building the UI (ui/dist)"
  (cd "$AURORA_ROOT/ui" && npm run --silent build)
}
