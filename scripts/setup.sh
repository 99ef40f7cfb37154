#!/usr/bin/env bash
# Installs what Aurora needs on Debian 12. `setup.sh app` for running the app,
# `setup.sh test` for running every test as well.
source "$(dirname "$0")/lib.sh"

what="${1:-app}"
say "Checking what Aurora needs ($what)"
ensure_apt "${APP_APT_PACKAGES[@]}"
ensure_rust
ensure_node
ensure_ui_packages
if [ "$what" = "test" ]; then
  ensure_apt "${TEST_APT_PACKAGES[@]}"
  ensure_tauri_driver
  ensure_python_venv
  ensure_ovhcloud_cli
fi
say "Everything Aurora needs ($what) is installed."
