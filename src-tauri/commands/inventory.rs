//! Discovery from the window: the last inventory of a connection, a refresh
//! with progress events, and cancel.

use std::path::PathBuf;
use std::sync::Arc;

use aurora_core::discovery::api::{ApiEngine, ApiOptions};
use aurora_core::discovery::cache::{CacheLoad, CachedDetails, InventoryCache, StaleTask};
use aurora_core::discovery::cli::CLI_NAME;
use aurora_core::discovery::{
    discover, CancelToken, CliEngine, CliLocator, CostReport, DiscoveryEvent, DiscoveryOptions, EngineKind, Inventory,
    Progress, ResourceKind, Source,
};
use aurora_core::{ApiClient, UserError};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager};
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

/// The engines this machine can use, and the one used when none is chosen.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Engines {
    pub cli_available: bool,
    /// Where the CLI engine's `ovhcloud` is (the bundled sidecar in an installed Aurora).
    pub cli_path: Option<String>,
    pub default_engine: EngineKind,
}

/// The bundled CLI as tauri-plugin-shell resolves the sidecar (next to the
/// executable), then `OVHCLOUD_CLI` and `PATH`. The core engine runs the
/// resolved program itself: it needs its own clean environment, timeout and
/// output limits, which the plugin's command does not give.
fn cli_locator(app: &AppHandle) -> CliLocator {
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
    let found = cli_locator(&app).locate().ok();
    Engines {
        cli_available: found.is_some(),
        cli_path: found.map(|p| p.display().to_string()),
        default_engine: EngineKind::default(),
    }
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

/// The last good inventory of the connection (kept on disk between runs).
#[tauri::command]
#[specta::specta]
pub async fn get_inventory(
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<Option<Inventory>, UserError> {
    let found = state.inventories.load(&connection_id).await.0.map(|c| c.inventory);
    crate::memory::release_freed_memory_soon();
    Ok(found)
}

#[tauri::command]
#[specta::specta]
pub async fn get_inventory_details(
    state: tauri::State<'_, AppState>,
    connection_id: String,
) -> Result<InventoryDetails, UserError> {
    Ok(match state.inventories.load_details(&connection_id).await {
        Ok(Some(details)) => InventoryDetails {
            stale: details.stale,
            costs: details.costs,
            problem: None,
        },
        Ok(None) => InventoryDetails {
            stale: Vec::new(),
            costs: None,
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
    let (progress, mut events) = Progress::channel();
    let engine = engine.unwrap_or(connection.discovery_engine);
    let source = engine_for(&app, &client, engine, &progress)?;
    let cancel = state.inventories.start(&connection_id).await;
    let forward = {
        let (app, id) = (app.clone(), connection_id.clone());
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
    let options = DiscoveryOptions::for_engine(source.engine());
    let inventory = discover(source, &connection_id, &options, &progress, &cancel).await;
    // The events end once every sender is gone, the engine's included.
    drop(progress);
    let _ = forward.await;
    let costs = match ApiEngine::from_client(&client, ApiOptions::default()) {
        Ok(api) => {
            let projects: Vec<String> = inventory.of_kind(ResourceKind::Project).map(|p| p.id.clone()).collect();
            Some(api.current_costs(&connection_id, &projects, &cancel).await)
        }
        Err(_) => None,
    };
    let shown = app
        .state::<AppState>()
        .inventories
        .finish(&connection_id, inventory, costs)
        .await;
    crate::memory::release_freed_memory_soon();
    shown
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_refresh(state: tauri::State<'_, AppState>, connection_id: String) -> Result<bool, UserError> {
    Ok(state.inventories.cancel(&connection_id).await)
}

fn engine_for(
    app: &AppHandle,
    client: &ApiClient,
    engine: EngineKind,
    progress: &Progress,
) -> Result<Arc<dyn Source>, UserError> {
    Ok(match engine {
        EngineKind::Api => {
            Arc::new(ApiEngine::from_client(client, ApiOptions::default())?.reporting_pauses(progress.clone()))
        }
        EngineKind::Cli => Arc::new(CliEngine::new(
            cli_locator(app).locate(),
            client.endpoint().api_base_str(),
            client.auth().clone(),
        )?),
    })
}

/// The saved inventories of every connection and the cancel switch of each
/// running refresh.
pub struct Inventories {
    cache: InventoryCache,
    running: tokio::sync::Mutex<std::collections::HashMap<String, CancelToken>>,
}

impl Inventories {
    pub fn new(cache: InventoryCache) -> Inventories {
        Inventories {
            cache,
            running: Default::default(),
        }
    }

    async fn load(
        &self,
        connection_id: &str,
    ) -> (
        Option<aurora_core::discovery::cache::CachedInventory>,
        Option<UserError>,
    ) {
        let (cache, id) = (self.cache.clone(), connection_id.to_owned());
        match tokio::task::spawn_blocking(move || cache.load(&id)).await {
            Ok(CacheLoad::Loaded { cached, .. }) => (Some(cached), None),
            Ok(CacheLoad::Damaged { problem }) => (None, Some(problem)),
            _ => (None, None),
        }
    }

    /// The stale tasks and costs saved with the inventory, without its resources.
    async fn load_details(&self, connection_id: &str) -> Result<Option<CachedDetails>, UserError> {
        let (cache, id) = (self.cache.clone(), connection_id.to_owned());
        tokio::task::spawn_blocking(move || cache.load_details(&id))
            .await
            .map_err(|_| UserError::internal("Reading the saved inventory was interrupted."))?
    }

    /// Forgets a removed connection's saved inventory.
    pub async fn forget(&self, connection_id: &str) {
        let (cache, id) = (self.cache.clone(), connection_id.to_owned());
        let _ = tokio::task::spawn_blocking(move || cache.remove(&id)).await;
    }

    /// Registers a new run; a run already going for the connection is cancelled.
    async fn start(&self, connection_id: &str) -> CancelToken {
        let token = CancelToken::new();
        if let Some(previous) = self
            .running
            .lock()
            .await
            .insert(connection_id.to_owned(), token.clone())
        {
            previous.cancel();
        }
        token
    }

    async fn cancel(&self, connection_id: &str) -> bool {
        match self.running.lock().await.remove(connection_id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Saves the refresh merged with the last good inventory, and returns
    /// what to show: the merged inventory, or the previous one when nothing
    /// in this refresh succeeded (with this refresh's failed tasks).
    async fn finish(
        &self,
        connection_id: &str,
        inventory: Inventory,
        costs: Option<CostReport>,
    ) -> Result<Inventory, UserError> {
        self.running.lock().await.remove(connection_id);
        let cache = self.cache.clone();
        let fresh = inventory.clone();
        let outcome = tokio::task::spawn_blocking(move || cache.save_refresh(fresh, costs))
            .await
            .map_err(|_| UserError::internal("Saving the inventory was interrupted."))??;
        Ok(match outcome.current() {
            Some(current) if current.inventory.taken_at == inventory.taken_at => current.inventory.clone(),
            Some(previous) => Inventory {
                tasks: inventory.tasks,
                ..previous.inventory.clone()
            },
            None => inventory,
        })
    }
}
