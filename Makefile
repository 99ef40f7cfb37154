# Aurora's entry points. See README.md.
.PHONY: demo test package bindings sim cli bench bench-app

## Install what is missing, build, and open Aurora on its offline demo.
demo:
	@scripts/demo.sh

## Install what the tests need and run every test.
test:
	@scripts/test.sh

## Build the release bundles (.deb and .rpm, with the ovhcloud CLI inside) under target/release/bundle/.
package:
	@scripts/package.sh

## Regenerate ui/src/bindings.ts and the UI tests' kind catalogue from the Rust commands.
bindings:
	AURORA_WRITE_BINDINGS=1 cargo test -p aurora --lib up_to_date

## Run the OVH simulator on its own (prints its URL first).
sim:
	cargo run -p ovh-sim -- --listen 127.0.0.1:8787

## Install the pinned official ovhcloud CLI (OVHCLOUD_CLI, the Go module proxy, or the prebuilt one in ../shared).
cli:
	scripts/build-ovhcloud-cli.sh

## Benchmark discovery (API engine, CLI engine, sequential CLI) on ovh-sim; writes docs/benchmarks.md.
bench:
	@AURORA_BENCH_COMMAND="make bench" scripts/bench.sh

## Benchmark the app in its real webview (launch, search and filter latency, memory); writes docs/benchmarks.md.
bench-app:
	@AURORA_BENCH_COMMAND="make bench-app" scripts/bench-app.sh
