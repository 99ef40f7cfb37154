//! Receives `aurora://` links: from the OS while running, from a second launch
//! (forwarded by the single-instance plugin) and from the launch arguments.

use tauri::AppHandle;
use tauri_plugin_deep_link::DeepLinkExt;

/// Registers the handlers and processes a link the app was launched with.
pub fn install(app: &AppHandle) {
    #[cfg(any(target_os = "linux", all(debug_assertions, windows)))]
    if let Err(error) = app.deep_link().register_all() {
        tracing::warn!("The aurora:// scheme could not be registered with the desktop: {error}");
    }
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            receive(&handle, url.as_str());
        }
    });
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        for url in urls {
            receive(app, url.as_str());
        }
    }
}

/// Handles the arguments of a second launch.
pub fn handle_args(app: &AppHandle, argv: &[String]) {
    for arg in argv.iter().skip(1).filter(|a| a.starts_with("aurora:")) {
        receive(app, arg);
    }
}

fn receive(_app: &AppHandle, url: &str) {
    // Only the scheme and path are logged: the query carries codes and states.
    let shown = url.split(['?', '#']).next().unwrap_or_default();
    tracing::info!("Received a deep link to {shown}.");
}
