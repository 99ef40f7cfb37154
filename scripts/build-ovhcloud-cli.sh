#!/usr/bin/env bash
# Builds the official OVHcloud CLI (github.com/ovh/ovhcloud-cli, binary `ovhcloud`)
# at a pinned tag from the Go module proxy, with its version string injected.
#
#   scripts/build-ovhcloud-cli.sh            -> .tools/bin/ovhcloud (tests use it)
#   scripts/build-ovhcloud-cli.sh --sidecar  -> also binaries/ovhcloud-<rust host triple> (Tauri packaging)
#
# Exit status 3 means the Go module proxy would not serve the CLI (some
# proxies refuse this module): nothing was built, and the tests that need the
# real CLI say so. Point OVHCLOUD_CLI at an ovhcloud binary to use your own.
#
# Environment:
#   OVHCLOUD_CLI_TAG       tag to build (default: the pinned one below)
#   GO_FALLBACK_TOOLCHAIN  toolchain fetched through the Go module proxy when
#                          the machine's go is older than 1.24 (default go1.24.4)
set -euo pipefail

PINNED_TAG="v0.5.0"
TAG="${OVHCLOUD_CLI_TAG:-$PINNED_TAG}"
MODULE="github.com/ovh/ovhcloud-cli"
VERSION_VAR="$MODULE/internal/version.Version"
GO_FALLBACK_TOOLCHAIN="${GO_FALLBACK_TOOLCHAIN:-go1.24.4}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="$REPO_ROOT/.tools/bin"
SIDECAR=0
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

say() { printf '[build-ovhcloud-cli] %s\n' "$*"; }
die() { printf '[build-ovhcloud-cli] error: %s\n' "$*" >&2; exit 1; }

for arg in "$@"; do
  case "$arg" in
    --sidecar) SIDECAR=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg'. Use --sidecar or --help." ;;
  esac
done

# --- Go toolchain ----------------------------------------------------------

command -v go >/dev/null || die "go is not installed. Install Go 1.21 or newer (apt-get install golang-go), then run this script again."

go_minor() { # "go1.24.4" -> 24
  local v="${1#go}"; v="${v#1.}"; printf '%s' "${v%%[.rc]*}"
}
local_go="$(go env GOVERSION)"
if (( $(go_minor "$local_go") >= 24 )); then
  say "using the machine's Go ($local_go)"
  export GOTOOLCHAIN=local
elif (( $(go_minor "$local_go") >= 21 )); then
  say "the machine's Go ($local_go) is older than 1.24: using $GO_FALLBACK_TOOLCHAIN through the Go module proxy"
  export GOTOOLCHAIN="$GO_FALLBACK_TOOLCHAIN"
else
  die "the machine's Go ($local_go) is too old to fetch a toolchain. Install Go 1.21 or newer, then run this script again."
fi
export CGO_ENABLED=0

# --- Idempotency -----------------------------------------------------------

exe="$(go env GOEXE)"
target_bin="$TOOLS_BIN/ovhcloud$exe"

installed_version() { # prints the version the binary reports, or nothing
  [[ -x "$1" ]] || return 0
  HOME="$WORK" "$1" version --json 2>/dev/null \
    | sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | head -n1
}

build_from_proxy() {
  local gobin="$1"
  say "go install $MODULE/cmd/ovhcloud@$TAG (from $(go env GOPROXY))"
  GOBIN="$gobin" go install -trimpath -ldflags "-s -w -X $VERSION_VAR=$TAG" "$MODULE/cmd/ovhcloud@$TAG"
}

current="$(installed_version "$target_bin")"
if [[ "$current" == "$TAG" ]]; then
  say "${target_bin#"$REPO_ROOT"/} already reports $TAG: nothing to build"
else
  [[ -n "$current" ]] && say "${target_bin#"$REPO_ROOT"/} reports '$current', not $TAG: rebuilding"
  mkdir -p "$TOOLS_BIN"
  staging="$WORK/staging"; mkdir -p "$staging"
  if ! build_from_proxy "$staging" 2>"$staging/proxy.err"; then
    sed 's/^/    /' "$staging/proxy.err" | tail -n 3
    say "The Go module proxy did not provide $MODULE@$TAG, so the CLI was not built."
    say "Aurora's CLI engine and the tests that run the real CLI need it: set OVHCLOUD_CLI to an ovhcloud binary."
    exit 3
  fi
  built="$(installed_version "$staging/ovhcloud$exe")"
  [[ "$built" == "$TAG" ]] || die "the built binary reports version '$built' instead of $TAG."
  mv -f "$staging/ovhcloud$exe" "$target_bin"
  say "built ${target_bin#"$REPO_ROOT"/} ($TAG)"
fi

# --- Tauri sidecar ---------------------------------------------------------

if (( SIDECAR )); then
  command -v rustc >/dev/null || die "rustc is needed to name the sidecar. Install Rust (rustup), then run this script again."
  triple="$(rustc -vV | sed -n 's/^host: //p')"
  [[ -n "$triple" ]] || die "could not read the host triple from 'rustc -vV'."
  sidecar="$REPO_ROOT/binaries/ovhcloud-$triple$exe"
  if [[ -x "$sidecar" ]] && cmp -s "$sidecar" "$target_bin"; then
    say "${sidecar#"$REPO_ROOT"/} is already up to date"
  else
    mkdir -p "$REPO_ROOT/binaries"
    cp -f "$target_bin" "$sidecar"
    say "copied the CLI to ${sidecar#"$REPO_ROOT"/}"
  fi
fi
