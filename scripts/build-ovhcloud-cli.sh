#!/usr/bin/env bash
# Builds the official OVHcloud CLI (github.com/ovh/ovhcloud-cli, binary `ovhcloud`)
# at a pinned tag, with its version string injected.
#
#   scripts/build-ovhcloud-cli.sh            -> .tools/bin/ovhcloud (tests use it)
#   scripts/build-ovhcloud-cli.sh --sidecar  -> also binaries/ovhcloud-<rust host triple> (Tauri packaging)
#
# Sources, in order:
#   1. the Go module proxy: go install github.com/ovh/ovhcloud-cli/cmd/ovhcloud@<tag>
#   2. when the proxy refuses the module (some proxies do), a local git clone of
#      the CLI that has the tag: $OVHCLOUD_CLI_SOURCE, else the known mirror path
#      below. Its dependencies still come from the Go module proxy.
#
# Environment:
#   OVHCLOUD_CLI_TAG     tag to build (default: the pinned one below)
#   OVHCLOUD_CLI_SOURCE  git directory (or extracted source tree) of the CLI
#   GO_FALLBACK_TOOLCHAIN  toolchain fetched through the Go module proxy when
#                        the machine's go is older than 1.24 (default go1.24.4)
set -euo pipefail

PINNED_TAG="v0.5.0"
TAG="${OVHCLOUD_CLI_TAG:-$PINNED_TAG}"
MODULE="github.com/ovh/ovhcloud-cli"
VERSION_VAR="$MODULE/internal/version.Version"
GO_FALLBACK_TOOLCHAIN="${GO_FALLBACK_TOOLCHAIN:-go1.24.4}"
DEFAULT_SOURCES=(/work/.mirror/ovh+ovhcloud-cli/repo)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="$REPO_ROOT/.tools/bin"
TOOLS_SRC="$REPO_ROOT/.tools/src"
SIDECAR=0
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

say() { printf '[build-ovhcloud-cli] %s\n' "$*"; }
die() { printf '[build-ovhcloud-cli] error: %s\n' "$*" >&2; exit 1; }

for arg in "$@"; do
  case "$arg" in
    --sidecar) SIDECAR=1 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# Copies the tag's tree out of a git directory. Large embedded OpenAPI schemas
# may be absent from a partial clone; they only serve `--init-file` examples of
# create commands, so a missing one is replaced by an empty schema, with a warning.
extract_tag() {
  local gitdir="$1" dest="$2" mode type obj path missing=0
  git --git-dir="$gitdir" rev-parse -q --verify "$TAG^{commit}" >/dev/null \
    || die "$gitdir has no tag $TAG. Point OVHCLOUD_CLI_SOURCE at a clone that has it."
  rm -rf "$dest"; mkdir -p "$dest"
  while read -r mode type obj path; do
    [[ "$type" == blob ]] || continue
    mkdir -p "$dest/$(dirname "$path")"
    if ! git --git-dir="$gitdir" cat-file blob "$obj" >"$dest/$path" 2>/dev/null; then
      case "$path" in
        internal/assets/api-schemas/*.json)
          say "warning: $path is missing from the clone; using an empty schema (only 'create --init-file' examples are affected)"
          printf '{"openapi":"3.0.0","info":{"title":"unavailable","version":"1.0"},"paths":{}}\n' >"$dest/$path"
          missing=$((missing + 1)) ;;
        *) die "$path is missing from $gitdir. Use a complete clone of $MODULE in OVHCLOUD_CLI_SOURCE." ;;
      esac
    fi
  done < <(git --git-dir="$gitdir" ls-tree -r "$TAG")
  say "extracted $TAG into ${dest#"$REPO_ROOT"/} ($missing schema file(s) replaced)"
}

find_source_tree() { # prints a directory holding the tag's source tree
  local candidates=() c gitdir
  [[ -n "${OVHCLOUD_CLI_SOURCE:-}" ]] && candidates+=("$OVHCLOUD_CLI_SOURCE")
  candidates+=("${DEFAULT_SOURCES[@]}")
  for c in "${candidates[@]}"; do
    [[ -d "$c" ]] || continue
    if gitdir="$(git -C "$c" rev-parse --absolute-git-dir 2>/dev/null)" || \
       gitdir="$(git --git-dir="$c" rev-parse --absolute-git-dir 2>/dev/null)"; then
      extract_tag "$gitdir" "$TOOLS_SRC/ovhcloud-cli@$TAG" >&2
      printf '%s' "$TOOLS_SRC/ovhcloud-cli@$TAG"; return 0
    elif [[ -f "$c/go.mod" ]] && grep -q "^module $MODULE\$" "$c/go.mod"; then
      say "using the source tree $c (assumed to be $TAG)" >&2
      printf '%s' "$c"; return 0
    fi
  done
  return 1
}

build_from_source() {
  local gobin="$1" src
  src="$(find_source_tree)" || die "the Go module proxy refused $MODULE@$TAG and no local clone was found. Set OVHCLOUD_CLI_SOURCE to a git clone of $MODULE that has the tag $TAG, then run this script again."
  grep -q 'Version' "$src/internal/version/version.go" 2>/dev/null \
    || say "warning: $VERSION_VAR not found in the source; the binary may report 'undefined'"
  say "go build ./cmd/ovhcloud in ${src#"$REPO_ROOT"/} (dependencies from $(go env GOPROXY))"
  (cd "$src" && go build -trimpath -ldflags "-s -w -X $VERSION_VAR=$TAG" -o "$gobin/ovhcloud$exe" ./cmd/ovhcloud)
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
    say "the Go module proxy did not provide $MODULE@$TAG: building from a local clone instead"
    build_from_source "$staging"
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
