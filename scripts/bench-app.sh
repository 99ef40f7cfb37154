#!/usr/bin/env bash
# `make bench-app`: the app benchmark. Builds the UI and the app in release
# mode with the UI embedded, then runs `cargo bench -p aurora-bench --bench app`
# (crates/bench/benches/app, which launches target/release/aurora)
# inside a private desktop session (Xvfb, D-Bus, gnome-keyring): launch to a
# dashboard showing a saved inventory, search and filter latency per
# keystroke in the real webview, memory at rest, for an empty, a
# 50,000-resource and a 500,000-resource inventory (and a 16,100-resource one
# with --launches-l N), read against issue 16's targets as ratios within the
# run. Prints Markdown tables and writes the `## The app` section of
# docs/benchmarks.md. Arguments go to the benchmark (e.g. --launches-empty 2
# --launches-50k 2 --launches-500k 1; --quick for a one-minute smoke run that
# writes no docs). About 10 to 15 minutes once built.
source "$(dirname "$0")/lib.sh"
cd "$AURORA_ROOT"

ensure_apt "${APP_APT_PACKAGES[@]}" xvfb webkit2gtk-driver dbus-x11 dbus gnome-keyring
ensure_rust
ensure_node
ensure_ui_packages
ensure_tauri_driver
build_ui

say "Building the app (release, UI embedded) and the benchmark"
cargo build --release -p aurora --bin aurora
cargo bench -p aurora-bench --bench app --no-run

say "Running the app benchmark inside a private desktop session (Xvfb, D-Bus, gnome-keyring)"
AURORA_BENCH_COMMAND="${AURORA_BENCH_COMMAND:-scripts/bench-app.sh $*}" \
  AURORA_APP_BINARY="$AURORA_ROOT/target/release/aurora" \
  scripts/with-desktop-session.sh cargo bench -p aurora-bench --bench app -- --out docs/benchmarks.md "$@"
