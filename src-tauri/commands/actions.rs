//! What the window can do to resources: instance power actions (with the
//! status polled until it settles), the kubeconfig download through a native
//! save dialog, and the connection's recent API activity. Thin adapters over
//! `aurora_core::actions`.

use std::path::PathBuf;
use std::sync::Arc;

use aurora_core::actions::{self, ActionEngine, ApiCall, Polling, PowerAction, SavedKubeconfig};
use aurora_core::discovery::{CliEngine, EngineKind, ResourceKind};
use aurora_core::{ApiClient, ErrorKind, UserError};
use serde::Serialize;
use specta::Type;
use tauri_specta::Event;

use crate::state::AppState;

/// The activity view's length: the newest calls only.
const RECENT_CALLS: usize = 50;

/// A power action's progress on one instance, for the table and the dialog.
#[derive(Debug, Clone, Serialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct InstanceActionProgress {
    pub connection_id: String,
    pub project_id: String,
    pub instance_id: String,
    /// OVH's status as last polled (`ACTIVE`, `REBOOT`, `SHUTOFF`...).
    pub status: String,
}

async fn client_of(state: &AppState, connection_id: &str) -> Result<ApiClient, UserError> {
    let connection = state.sessions.registry().require(connection_id).await?;
    state.sessions.client(&connection).await
}

/// Sends `action` to one instance through the connection's engine (its
/// "Discovery engine" setting unless `engine` says otherwise), then polls
/// the instance until its status settles, sending `InstanceActionProgress`
/// on each change and keeping it in the store. Answers the settled status.
#[tauri::command]
#[specta::specta]
pub async fn run_instance_action(
    app: tauri::AppHandle,
    state: tauri::State<'_, AppState>,
    connection_id: String,
    engine: Option<EngineKind>,
    project_id: String,
    instance_id: String,
    action: PowerAction,
) -> Result<String, UserError> {
    let connection = state.sessions.registry().require(&connection_id).await?;
    let client = state.sessions.client(&connection).await?;
    let engine = match engine.unwrap_or(connection.discovery_engine) {
        EngineKind::Api => ActionEngine::Api(client.clone()),
        EngineKind::Cli => ActionEngine::Cli(Arc::new(CliEngine::new(
            super::inventory::cli_locator(&app).locate(),
            client.endpoint().api_base_str(),
            client.auth().clone(),
        )?)),
    };
    engine.power(&project_id, &instance_id, action).await?;
    let store = state.discovery.store();
    let report = |status: &str| {
        // The table shows what the user just did until the next refresh; the
        // action itself succeeded, so a store that cannot keep it only logs.
        let kept = store.set_status(
            &connection_id,
            Some(&project_id),
            ResourceKind::Instance,
            &instance_id,
            status,
        );
        if let Err(e) = kept {
            tracing::warn!(error = %e.message, "the instance's new status could not be saved");
        }
        let _ = InstanceActionProgress {
            connection_id: connection_id.clone(),
            project_id: project_id.clone(),
            instance_id: instance_id.clone(),
            status: status.to_owned(),
        }
        .emit(&app);
    };
    actions::wait_until_settled(&client, &project_id, &instance_id, action, &polling(), report).await
}

/// Polls every 2 s; `AURORA_ACTION_POLL_MS` shortens it for the end-to-end tests.
fn polling() -> Polling {
    let mut polling = Polling::default();
    if let Some(ms) = std::env::var("AURORA_ACTION_POLL_MS").ok().and_then(|v| v.parse().ok()) {
        polling.interval = std::time::Duration::from_millis(ms);
    }
    polling
}

/// Asks where to save the cluster's kubeconfig (a native save dialog: the
/// webview never touches files), then saves it there with mode 0600.
/// `None` when the person cancels the dialog.
#[tauri::command]
#[specta::specta]
pub async fn download_kubeconfig(
    state: tauri::State<'_, AppState>,
    connection_id: String,
    project_id: String,
    kube_id: String,
    cluster_name: String,
) -> Result<Option<SavedKubeconfig>, UserError> {
    let client = client_of(&state, &connection_id).await?;
    let Some(dest) = choose_save_path(&cluster_name).await else {
        return Ok(None);
    };
    actions::save_kubeconfig(&client, &project_id, &kube_id, &dest)
        .await
        .map(Some)
}

/// The file chooser. `rfd` runs GTK's native dialog from Rust, so no webview
/// permission is involved (tauri-plugin-dialog would open the same dialog
/// but through a capability the webview could call). `AURORA_SAVE_PATH`
/// pre-answers it, for the end-to-end tests that cannot drive a native dialog.
async fn choose_save_path(cluster_name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("AURORA_SAVE_PATH") {
        return Some(PathBuf::from(path));
    }
    let suggested: String = cluster_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut dialog = rfd::AsyncFileDialog::new()
        .set_title("Save the kubeconfig")
        .set_file_name(format!("{suggested}.kubeconfig.yaml"));
    if let Some(kube_dir) = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".kube")) {
        if kube_dir.is_dir() {
            dialog = dialog.set_directory(kube_dir);
        }
    }
    dialog.save_file().await.map(|f| f.path().to_path_buf())
}

/// The connection's recent API calls, newest first.
#[tauri::command]
#[specta::specta]
pub async fn recent_api_activity(
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<Vec<ApiCall>, UserError> {
    let client = client_of(&state, &connection_id).await?;
    actions::recent_activity(&client, RECENT_CALLS).await
}

/// A kubectl command for a file the person already has.
#[tauri::command]
#[specta::specta]
pub fn kubectl_command(path: String) -> Result<String, UserError> {
    if path.trim().is_empty() {
        return Err(UserError::new(
            ErrorKind::InvalidInput,
            "Download the kubeconfig first: the command needs its file.",
            ["Choose Download kubeconfig, then copy the command"],
        ));
    }
    Ok(actions::kubectl_command(std::path::Path::new(&path)))
}
