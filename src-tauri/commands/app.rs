//! What the UI needs to know about the running app itself.

use serde::Serialize;
use specta::Type;

use crate::state::AppState;

/// Facts about this Aurora process shown in the UI's header and about box.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// True when Aurora runs on its built-in OVH simulator (the offline demo).
    pub demo: bool,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: tauri::State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        demo: state.options.demo,
    }
}
