//! The Tauri shell of Aurora: window, plugins, typed IPC and deep links.
//! Domain logic lives in `aurora-core`; this crate only wires it to the window.

mod browser;
mod commands;
mod deep_link;
mod demo;
mod headless;
mod ipc;
mod logging;
mod memory;
mod state;

pub use ipc::{ipc_builder, typescript_bindings};

use tauri::Manager;

/// Runs Aurora and returns the process exit code.
pub fn main_entry() -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `aurora discover` runs without a window and before single-instance,
    // so scripts can use it while the app is open.
    if headless::is_headless(&args) {
        return headless::run(&args);
    }
    run_window(state::LaunchOptions::from_args(args));
    0
}

fn run_window(options: state::LaunchOptions) {
    let ipc = ipc_builder();
    let app = tauri::Builder::default()
        // Single-instance must come first so a second launch (for example the
        // system opening an aurora:// link) hands its URL to this process. Its
        // `deep-link` feature forwards that URL to the deep-link plugin, whose
        // handler (deep_link::install) is the only one: each link is handled once.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            bring_to_front(app);
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_shell::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(ipc.invoke_handler())
        .setup(move |app| {
            logging::init(app.handle());
            ipc.mount_events(app);
            let data_dir = app.path().app_data_dir()?;
            let state = tauri::async_runtime::block_on(state::AppState::open(options, data_dir))
                .map_err(|error| format!("{} {}", error.message, error.solution.join(" ")))?;
            app.manage(state);
            deep_link::install(app.handle());
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(error) => {
            eprintln!(
                "Aurora could not start its window: {error}. Check that a graphical session (or Xvfb) is available."
            );
            std::process::exit(1);
        }
    }
}

/// Shows, unminimizes and focuses the main window.
pub(crate) fn bring_to_front(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
