//! Discovery from the window: thin adapters over the core's
//! [`DiscoveryService`](aurora_core::discovery::DiscoveryService) and
//! [`Store`](aurora_core::store::Store).

use std::path::PathBuf;

use aurora_core::discovery::cache::StaleTask;
use aurora_core::discovery::cli::{CliLocator, CLI_NAME};
use aurora_core::discovery::{
    CostReport, DiscoveryEvent, EngineKind, Engines, Inventory, KindInfo, Progress, ResourceKind,
};
use aurora_core::store::{ChangeSummary, Overview, ResourceDetails, RowFilter, RowPage, RowQuery};
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

/// What comes with an inventory: tasks whose resources are from an earlier
/// refresh, this month's costs, and problems reading the saved inventory.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct InventoryDetails {
    pub stale: Vec<StaleTask>,
    pub costs: Option<CostReport>,
    pub problem: Option<UserError>,
}

/// The last good inventory of the connection (kept in the store between runs).
#[tauri::command]
#[specta::specta]
pub async fn get_inventory(
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<Option<Inventory>, UserError> {
    let store = state.discovery.store().clone();
    let found = blocking(move || store.inventory(&connection_id)).await?;
    crate::memory::release_freed_memory_soon();
    Ok(found)
}

#[tauri::command]
#[specta::specta]
pub async fn get_inventory_details(
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<InventoryDetails, UserError> {
    let store = state.discovery.store().clone();
    Ok(match blocking(move || store.inventory_header(&connection_id)).await {
        Ok(header) => InventoryDetails {
            stale: header.as_ref().map(|h| h.stale.clone()).unwrap_or_default(),
            costs: header.and_then(|h| h.costs),
            problem: None,
        },
        Err(problem) => InventoryDetails {
            stale: Vec::new(),
            costs: None,
            problem: Some(problem),
        },
    })
}

/// Discovers everything the connection can see, sending `DiscoveryProgress`
/// events as tasks start and end. A task that fails leaves the others intact.
#[tauri::command]
#[specta::specta]
pub async fn refresh_inventory(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    connection_id: String,
    engine: Option<EngineKind>,
) -> Result<Inventory, UserError> {
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
    let shown = shown?;
    let store = state.discovery.store().clone();
    let saved = blocking(move || store.inventory(&connection_id)).await?;
    crate::memory::release_freed_memory_soon();
    Ok(match saved {
        Some(inventory) => Inventory {
            tasks: shown.tasks,
            ..inventory
        },
        None => Inventory {
            connection_id: shown.connection_id,
            engine: shown.engine,
            resources: Vec::new(),
            tasks: shown.tasks,
            taken_at: shown.taken_at,
        },
    })
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_refresh(state: tauri::State<'_, AppState>, connection_id: String) -> Result<bool, UserError> {
    Ok(state.discovery.cancel(&connection_id).await)
}

/// Every kind with its labels, in the order the dashboard lists them.
#[tauri::command]
#[specta::specta]
pub fn resource_kinds() -> Vec<KindInfo> {
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

/// [`inventory_resource`] by what identifies a resource in an inventory.
#[tauri::command]
#[specta::specta]
pub async fn find_resource(
    state: tauri::State<'_, AppState>,
    connection_id: String,
    project_id: Option<String>,
    kind: ResourceKind,
    id: String,
) -> Result<Option<ResourceDetails>, UserError> {
    let store = state.discovery.store().clone();
    blocking(
        move || match store.find_row(&connection_id, project_id.as_deref(), kind, &id)? {
            Some(row) => store.resource(row),
            None => Ok(None),
        },
    )
    .await
}

/// What the last refresh of every connection changed (resources added, removed, status changes).
#[tauri::command]
#[specta::specta]
pub async fn inventory_changes(
    state: tauri::State<'_, AppState>,
    connection_id: Option<String>,
) -> Result<ChangeSummary, UserError> {
    let store = state.discovery.store().clone();
    blocking(move || store.last_changes(connection_id.as_deref())).await
}

/// Runs a store call off the async runtime's threads.
pub(crate) async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, UserError> + Send + 'static,
) -> Result<T, UserError> {
    tokio::task::spawn_blocking(call)
        .await
        .map_err(|_| UserError::internal("Reading the saved inventory was interrupted."))?
}
