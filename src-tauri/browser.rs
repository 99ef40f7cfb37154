//! Opens web pages in the person's own browser (never an embedded webview).

use aurora_core::{ErrorKind, UserError};
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

/// `AURORA_BROWSER` names a program to open URLs with instead of the
/// desktop's default browser (used by the end-to-end tests' stand-in browser).
pub fn open(app: &AppHandle, url: &str) -> Result<(), UserError> {
    let with = std::env::var("AURORA_BROWSER").ok().filter(|b| !b.is_empty());
    app.opener().open_url(url, with).map_err(|error| {
        UserError::new(
            ErrorKind::Internal,
            format!("Aurora could not open your web browser: {error}"),
            ["Copy the link shown in the window and open it in your browser."],
        )
    })
}
