//! The saved connections (accounts x regions) and their credential status.

use aurora_core::connections::Connection;
use aurora_core::discovery::EngineKind;
use aurora_core::session::CredentialStatus;
use aurora_core::UserError;
use serde::Serialize;
use specta::Type;

use crate::state::AppState;

/// A connection as the sidebar shows it. Never carries a secret.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView {
    pub connection: Connection,
    pub status: CredentialStatus,
}

#[tauri::command]
#[specta::specta]
pub async fn list_connections(state: tauri::State<'_, AppState>) -> Result<Vec<ConnectionView>, UserError> {
    let mut views = Vec::new();
    for connection in state.sessions.registry().list().await {
        let status = state.sessions.status(&connection).await;
        views.push(ConnectionView { connection, status });
    }
    Ok(views)
}

/// Sets which engine refreshes the connection's inventory from now on.
#[tauri::command]
#[specta::specta]
pub async fn set_discovery_engine(
    state: tauri::State<'_, AppState>,
    connection_id: String,
    engine: EngineKind,
) -> Result<Connection, UserError> {
    state
        .sessions
        .registry()
        .set_discovery_engine(&connection_id, engine)
        .await
}

/// Forgets a connection and deletes its secrets from the keyring.
#[tauri::command]
#[specta::specta]
pub async fn disconnect(state: tauri::State<'_, AppState>, connection_id: String) -> Result<bool, UserError> {
    let removed = state.sessions.disconnect(&connection_id).await?;
    state.discovery.forget(&connection_id).await;
    Ok(removed)
}

/// Problems found while starting (for example a damaged connections file).
#[tauri::command]
#[specta::specta]
pub fn startup_warnings(state: tauri::State<'_, AppState>) -> Vec<UserError> {
    state.startup_warnings.clone()
}

/// Opens the OVHcloud Manager in the browser: the project's page when one
/// is given, else the Manager's home for the connection's region.
#[tauri::command]
#[specta::specta]
pub async fn open_in_manager(
    app: tauri::AppHandle,
    state: tauri::State<'_, AppState>,
    connection_id: String,
    project_id: Option<String>,
) -> Result<(), UserError> {
    let connection = state.sessions.registry().require(&connection_id).await?;
    let endpoint = aurora_core::session::endpoint_of(&connection)?;
    let url = match project_id {
        Some(project) => endpoint.manager_project_url(&project),
        None => endpoint.manager_url.clone(),
    };
    crate::browser::open(&app, url.as_str())
}
