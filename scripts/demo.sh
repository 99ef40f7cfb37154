#!/usr/bin/env bash
# `make demo`: installs what is missing, builds Aurora and opens it on its
# offline demo (the built-in OVH simulator: no account or network needed).
source "$(dirname "$0")/lib.sh"

"$AURORA_ROOT/scripts/setup.sh" app
build_ui
say "Building the Aurora app (first build takes a few minutes)"
(cd "$AURORA_ROOT" && cargo build -p aurora)
say "Opening Aurora on its offline demo"
exec "$AURORA_ROOT/target/debug/aurora" --demo
