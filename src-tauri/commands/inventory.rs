//! Discovery from the window: thin adapters over the core's
//! [`DiscoveryService`](aurora_core::discovery::DiscoveryService) and
//! [`Store`](aurora_core::store::Store).

use std::path::PathBuf;

use aurora_core::discovery::cli::{CliLocator, CLI_NAME};
use aurora_core::discovery::{DiscoveryEvent, EngineKind, Engines, KindCatalogue, Progress, ResourceKind};
use aurora_core::store::{Overview, ResourceDetails, RowFilter, RowPage, RowQuery, StoredInventory};
use aurora_core::UserError;
use serde::Serialize;
use specta::Type;
use tauri::AppHandle;
use tauri_plugin_shell::ShellExt;
use tauri_specta::Event;

use crate::state::AppState;

/// One step of a running refresh, for the progress bar.
#[derive(Debug, Clone, Serialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveryProgress {
    pub connection_id: String,
    pub event: DiscoveryEvent,
}

/// The bundled CLI as tauri-plugin-shell resolves the sidecar (next to the
/// executable), then `OVHCLOUD_CLI` and `PATH`. The core engine runs the
/// resolved program itself: it needs its own clean environment, timeout and
/// output limits, which the plugin's command does not give.
pub fn cli_locator(app: &AppHandle) -> CliLocator {
    let sidecar = app
        .shell()
        .sidecar(CLI_NAME)
        .ok()
        .map(|command| PathBuf::from(std::process::Command::from(command).get_program()));
    CliLocator::from_environment(None).with_sidecar(sidecar)
}

#[tauri::command]
#[specta::specta]
pub fn discovery_engines(app: AppHandle) -> Engines {
    aurora_core::discovery::engines(&cli_locator(&app))
}

/// A connection's saved inventory without its resources (when, by which
/// engine, its tasks, tasks shown from an earlier refresh, this month's
/// costs, how many resources), or the problem reading it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InventoryDetails {
    pub inventory: Option<StoredInventory>,
    pub problem: Option<UserError>,
}

#[tauri::command]
#[specta::specta]
pub async fn get_inventory_details(
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<InventoryDetails, UserError> {
    let store = state.discovery.store().clone();
    Ok(match blocking(move || store.inventory_header(&connection_id)).await {
        Ok(inventory) => InventoryDetails {
            inventory,
            problem: None,
        },
        Err(problem) => InventoryDetails {
            inventory: None,
            problem: Some(problem),
        },
    })
}

/// Discovers everything the connection can see, sending `DiscoveryProgress`
/// events as tasks start and end. A task that fails leaves the others intact.
/// Answers what was saved, without the resources: the window asks the store
/// for what it shows.
#[tauri::command]
#[specta::specta]
pub async fn refresh_inventory(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    connection_id: String,
    engine: Option<EngineKind>,
) -> Result<StoredInventory, UserError> {
    let connection = state.sessions.registry().require(&connection_id).await?;
    let client = state.sessions.client(&connection).await?;
    let engine = engine.unwrap_or(connection.discovery_engine);
    let cli = cli_locator(&app);
    let (progress, mut events) = Progress::channel();
    let forward = {
        let id = connection_id.clone();
        tauri::async_runtime::spawn(async move {
            while let Some(event) = events.recv().await {
                let _ = DiscoveryProgress {
                    connection_id: id.clone(),
                    event,
                }
                .emit(&app);
            }
        })
    };
    let shown = state
        .discovery
        .refresh(&connection_id, &client, engine, &cli, progress)
        .await;
    // The events end once every sender is gone.
    let _ = forward.await;
    crate::memory::release_freed_memory_soon();
    shown
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_refresh(state: tauri::State<'_, AppState>, connection_id: String) -> Result<bool, UserError> {
    Ok(state.discovery.cancel(&connection_id).await)
}

/// Every kind with its labels and its table's columns, in the order the dashboard lists them.
#[tauri::command]
#[specta::specta]
pub fn resource_kinds() -> KindCatalogue {
    ResourceKind::catalogue()
}

/// Counts per kind, project, status and region, resources in error, costs
/// and the last refresh's changes, of what `filter` lets through.
#[tauri::command]
#[specta::specta]
pub async fn inventory_overview(state: tauri::State<'_, AppState>, filter: RowFilter) -> Result<Overview, UserError> {
    let store = state.discovery.store().clone();
    blocking(move || store.overview(&filter)).await
}

/// The rows of the table's visible part, filtered, searched and sorted in the store.
#[tauri::command]
#[specta::specta]
pub async fn inventory_rows(state: tauri::State<'_, AppState>, query: RowQuery) -> Result<RowPage, UserError> {
    let store = state.discovery.store().clone();
    blocking(move || store.rows(&query)).await
}

/// One resource, whole, with when it was first seen and last changed.
#[tauri::command]
#[specta::specta]
pub async fn inventory_resource(
    state: tauri::State<'_, AppState>,
    row: i64,
) -> Result<Option<ResourceDetails>, UserError> {
    let store = state.discovery.store().clone();
    blocking(move || store.resource(row)).await
}

/// Runs a store call off the async runtime's threads.
pub(crate) async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, UserError> + Send + 'static,
) -> Result<T, UserError> {
    tokio::task::spawn_blocking(call)
        .await
        .map_err(|_| UserError::internal("Reading the saved inventory was interrupted."))?
}
