//! Tauri's build step, with the app manifest: every IPC command below gets
//! an `allow-<command>` permission, and the webview may call a command only
//! when a capability (capabilities/*.json) grants it. Without this list Tauri
//! lets any window call any app command.
//!
//! Keep it equal to `collect_commands!` in src-tauri/ipc.rs and to the grants
//! of capabilities/default.json: `tests/security_config.rs` fails otherwise.

use std::path::Path;
use std::process::Command;

const COMMANDS: &[&str] = &[
    "app_info",
    "list_connections",
    "disconnect",
    "set_discovery_engine",
    "startup_warnings",
    "open_in_manager",
    "sign_in_regions",
    "start_sign_in",
    "cancel_sign_in",
    "finish_sign_in",
    "list_known_oauth_clients",
    "save_oauth_client",
    "forget_oauth_client",
    "oauth_client_creation_help",
    "open_oauth_client_console",
    "api_keys_setup",
    "open_create_app_page",
    "check_api_key_field",
    "request_api_access",
    "wait_for_api_access",
    "check_existing_api_keys",
    "save_api_keys",
    "cancel_api_keys",
    "preview_api_keys_import",
    "check_imported_api_keys",
    "sign_in_setup_rights",
    "start_sign_in_setup",
    "finish_sign_in_setup",
    "cancel_sign_in_setup",
    "list_oauth_clients",
    "delete_oauth_client",
    "iam_capabilities",
    "list_projects",
    "oauth_client_identity",
    "preview_iam_policy",
    "create_iam_policy",
    "list_iam_policies",
    "delete_iam_policy",
    "discovery_engines",
    "get_inventory_details",
    "refresh_inventory",
    "cancel_refresh",
    "resource_kinds",
    "inventory_overview",
    "inventory_rows",
    "inventory_resource",
    "export_inventory",
    "run_instance_action",
    "download_kubeconfig",
    "recent_api_activity",
    "kubectl_command",
    "api_key_rule_sets",
];

fn main() {
    ensure_ui_built();
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("the Tauri build step (app manifest and capabilities) should succeed");
}

/// The app embeds the built UI (`ui/dist`). A fresh clone has none: build it
/// when npm is there, or stop with the one command to run.
fn ensure_ui_built() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    println!("cargo:rerun-if-changed=ui/dist/index.html");
    if ui.join("dist/index.html").is_file() {
        return;
    }
    let npm = |args: &[&str]| {
        Command::new("npm")
            .args(args)
            .current_dir(&ui)
            .status()
            .is_ok_and(|s| s.success())
    };
    let installed = ui.join("node_modules").is_dir() || npm(&["ci", "--no-audit", "--no-fund"]);
    if !(installed && npm(&["run", "build"])) {
        panic!("The UI is not built (ui/dist is missing) and could not be built here: run `make demo`, or `npm ci && npm run build` in ui/, then build again.");
    }
}
