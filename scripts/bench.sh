#!/usr/bin/env bash
# `make bench`: builds the benchmark and the OVH simulator in release mode,
# runs the discovery benchmark (native API engine, CLI engine, sequential CLI
# baseline against ovh-sim on loopback) and writes docs/benchmarks.md.
# Arguments go to `aurora-bench discovery` (e.g. --sizes S,M --rounds 5).
# A full run (3 rounds of S, M and L, then M and L under a rate limit) takes
# about 15 minutes on 2 cores, most of it the sequential baseline on L; pass
# --rounds-l 1 or --sizes S,M for a quicker one.
source "$(dirname "$0")/lib.sh"
cd "$AURORA_ROOT"

ensure_rust
say "Building aurora-bench and ovh-sim (release)"
cargo build --release -p aurora-bench -p ovh-sim

cli="${OVHCLOUD_CLI:-$TOOLS_DIR/bin/ovhcloud}"
if [ ! -x "$cli" ]; then
  printf '\033[1;33mwarning:\033[0m %s\n' \
    "No ovhcloud CLI at $cli: the CLI engine and baseline rows are SKIPPED (the report says so). Set OVHCLOUD_CLI to a binary; see docs/ovhcloud-cli.md."
fi

target_dir="${CARGO_TARGET_DIR:-$AURORA_ROOT/target}"
args=(discovery --out docs/benchmarks.md "$@")
say "Running the discovery benchmark: aurora-bench ${args[*]}"
AURORA_BENCH_COMMAND="${AURORA_BENCH_COMMAND:-scripts/bench.sh $*}" "$target_dir/release/aurora-bench" "${args[@]}"
