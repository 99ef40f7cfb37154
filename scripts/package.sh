#!/usr/bin/env bash
# `make package`: builds Aurora's release bundles, a .deb and an .rpm, under
# target/release/bundle/. Each holds the app (UI embedded), the official
# ovhcloud CLI as its sidecar, a desktop entry that opens aurora:// links,
# the icons and the version. AppImage is left out: Tauri downloads its tools
# (linuxdeploy, AppImage runtime) at build time.
source "$(dirname "$0")/lib.sh"
cd "$AURORA_ROOT"

"$AURORA_ROOT/scripts/setup.sh" app
# The bundles must carry the CLI: no AURORA_ALLOW_NO_CLI here.
AURORA_ALLOW_NO_CLI=0 ensure_ovhcloud_cli

say "Building the release bundles (tauri build --bundles deb,rpm)"
prepare_bundle_files
tauri_cli build --bundles deb,rpm --config tauri.release.conf.json

say "Bundles"
for bundle in target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm; do
  ok "$bundle ($(du -h "$bundle" | cut -f1))"
done
if command -v lintian >/dev/null; then
  say "lintian (Debian policy checks)"
  lintian --tag-display-limit 0 target/release/bundle/deb/*.deb || true
fi
