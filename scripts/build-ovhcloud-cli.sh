#!/usr/bin/env bash
# Provides the official OVHcloud CLI (github.com/ovh/ovhcloud-cli, binary
# `ovhcloud`) at the pinned tag, from the first of these that works:
#
#   1. OVHCLOUD_CLI: a binary you already have;
#   2. a build from the Go module proxy (`go install ...@<tag>`, version injected);
#   3. ../shared/tools/ovhcloud-cli/ovhcloud beside the project (a prebuilt
#      official binary), after checking its sha256 against the SHA256SUMS there.
#
# It installs the CLI as .tools/bin/ovhcloud (the tests run it) and as
# binaries/ovhcloud-<rust host triple> (the sidecar `tauri build` bundles).
# A second run with the same CLI changes nothing.
#
# Exit status 3 means none of the three gave a CLI: nothing was installed.
#
# Environment:
#   OVHCLOUD_CLI           use this binary (step 1)
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
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

say() { printf '[build-ovhcloud-cli] %s\n' "$*"; }
die() { printf '[build-ovhcloud-cli] error: %s\n' "$*" >&2; exit 1; }

for arg in "$@"; do
  case "$arg" in
    --sidecar) ;; # accepted for older callers: the sidecar is always installed now
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg'. Use --help." ;;
  esac
done

exe=""
case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) exe=".exe" ;; esac
target_bin="$TOOLS_BIN/ovhcloud$exe"

# The version a binary reports, without a leading "v" (the prebuilt one
# reports "0.5.0", a proxy build "v0.5.0"); nothing when it does not run.
reported_version() {
  [[ -x "$1" ]] || return 0
  HOME="$WORK" "$1" version --json 2>/dev/null \
    | sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"v\{0,1\}\([^"]*\)".*/\1/p' | head -n1
}
want="${TAG#v}"

# --- 1. OVHCLOUD_CLI ---------------------------------------------------------

from_env() {
  [[ -n "${OVHCLOUD_CLI:-}" ]] || return 1
  [[ -x "$OVHCLOUD_CLI" ]] || die "OVHCLOUD_CLI=$OVHCLOUD_CLI is not an executable file. Point it at an ovhcloud binary, or unset it."
  local v; v="$(reported_version "$OVHCLOUD_CLI")"
  [[ -n "$v" ]] || die "OVHCLOUD_CLI=$OVHCLOUD_CLI does not answer 'version --json'. Point it at an ovhcloud binary, or unset it."
  [[ "$v" == "$want" ]] || say "warning: OVHCLOUD_CLI reports version $v, not the pinned $TAG (docs/ovhcloud-cli.md describes $PINNED_TAG)."
  say "using OVHCLOUD_CLI=$OVHCLOUD_CLI ($v)"
  install_cli "$OVHCLOUD_CLI"
}

# --- 2. The Go module proxy --------------------------------------------------

from_proxy() {
  if ! command -v go >/dev/null; then
    say "go is not installed: skipping the build from the Go module proxy."
    return 1
  fi
  local local_go minor
  local_go="$(go env GOVERSION)"
  minor="${local_go#go}"; minor="${minor#1.}"; minor="${minor%%[.rc]*}"
  if (( minor >= 24 )); then
    export GOTOOLCHAIN=local
  elif (( minor >= 21 )); then
    say "the machine's Go ($local_go) is older than 1.24: using $GO_FALLBACK_TOOLCHAIN through the Go module proxy"
    export GOTOOLCHAIN="$GO_FALLBACK_TOOLCHAIN"
  else
    say "the machine's Go ($local_go) is too old (1.21 or newer is needed): skipping the build."
    return 1
  fi
  local staging="$WORK/staging"; mkdir -p "$staging"
  say "go install $MODULE/cmd/ovhcloud@$TAG (from $(go env GOPROXY))"
  if ! CGO_ENABLED=0 GOBIN="$staging" go install -trimpath -ldflags "-s -w -X $VERSION_VAR=$TAG" \
      "$MODULE/cmd/ovhcloud@$TAG" 2>"$staging/proxy.err"; then
    sed 's/^/    /' "$staging/proxy.err" | tail -n 3
    say "The Go module proxy did not provide $MODULE@$TAG."
    return 1
  fi
  [[ "$(reported_version "$staging/ovhcloud$exe")" == "$want" ]] || die "the built binary does not report $TAG."
  install_cli "$staging/ovhcloud$exe"
}

# --- 3. The prebuilt CLI beside the project -------------------------------------

# ../shared beside the project root; for a git worktree, also beside the main checkout.
shared_candidates() {
  printf '%s\n' "$REPO_ROOT/../shared/tools/ovhcloud-cli"
  local common
  if common="$(git -C "$REPO_ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
    printf '%s\n' "$(dirname "$common")/../shared/tools/ovhcloud-cli"
  fi
}

from_shared() {
  [[ "$TAG" == "$PINNED_TAG" ]] || { say "the prebuilt CLI is $PINNED_TAG, not $TAG: not using it."; return 1; }
  local dir
  while read -r dir; do
    [[ -f "$dir/ovhcloud" && -f "$dir/SHA256SUMS" ]] || continue
    dir="$(cd "$dir" && pwd)"
    local expected actual
    expected="$(awk '$2 == "ovhcloud" || $2 == "*ovhcloud" {print $1}' "$dir/SHA256SUMS")"
    actual="$(sha256sum "$dir/ovhcloud" | cut -d' ' -f1)"
    if [[ -z "$expected" || "$expected" != "$actual" ]]; then
      die "$dir/ovhcloud does not match its SHA256SUMS (expected '${expected:-none}', got $actual): it was not used. Restore the file, or set OVHCLOUD_CLI."
    fi
    [[ "$(reported_version "$dir/ovhcloud")" == "$want" ]] || die "$dir/ovhcloud does not report version $TAG."
    say "using the prebuilt CLI $dir/ovhcloud (sha256 checked against SHA256SUMS)"
    install_cli "$dir/ovhcloud"
    return 0
  done < <(shared_candidates)
  say "no prebuilt CLI found in ../shared/tools/ovhcloud-cli beside the project."
  return 1
}

# --- Installing ------------------------------------------------------------

# Copies $1 to .tools/bin/ovhcloud and to the Tauri sidecar name (only when they differ).
install_cli() {
  local source="$1" triple sidecar
  mkdir -p "$TOOLS_BIN"
  if [[ "$(cd "$(dirname "$source")" && pwd)/$(basename "$source")" != "$target_bin" ]] && ! cmp -s "$source" "$target_bin"; then
    install -m 0755 "$source" "$target_bin"
    say "installed ${target_bin#"$REPO_ROOT"/}"
  else
    say "${target_bin#"$REPO_ROOT"/} is already this CLI"
  fi
  command -v rustc >/dev/null || die "rustc is needed to name the sidecar. Install Rust (rustup), then run this script again."
  triple="$(rustc -vV | sed -n 's/^host: //p')"
  [[ -n "$triple" ]] || die "could not read the host triple from 'rustc -vV'."
  sidecar="$REPO_ROOT/binaries/ovhcloud-$triple$exe"
  if ! cmp -s "$target_bin" "$sidecar"; then
    mkdir -p "$REPO_ROOT/binaries"
    install -m 0755 "$target_bin" "$sidecar"
    say "installed the sidecar ${sidecar#"$REPO_ROOT"/}"
  fi
}

from_env && exit 0
if [[ "$(reported_version "$target_bin")" == "$want" ]]; then
  say "${target_bin#"$REPO_ROOT"/} already reports $TAG"
  install_cli "$target_bin"
  exit 0
fi
from_proxy && exit 0
from_shared && exit 0
say "No ovhcloud CLI: OVHCLOUD_CLI is not set, the Go module proxy did not build it, and no prebuilt CLI is beside the project."
exit 3
