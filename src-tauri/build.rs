use std::path::Path;
use std::process::Command;

fn main() {
    ensure_ui_built();
    tauri_build::build()
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
