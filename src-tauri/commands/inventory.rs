//! Discovery from the window: the last inventory of a connection, a refresh
//! with progress events, and cancel.

use std::sync::Arc;

use aurora_core::discovery::api::{ApiEngine, ApiOptions};
use aurora_core::discovery::{discover, CancelToken, CliEngine, CliLocator, DiscoveryEvent, DiscoveryOptions, EngineKind, Inventory, Progress, Source};
use aurora_core::{ApiClient, ErrorKind, UserError};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager};
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
    pub default_engine: EngineKind,
}

fn cli_locator() -> CliLocator {
    CliLocator::from_environment(None)
}

#[tauri::command]
#[specta::specta]
pub fn discovery_engines() -> Engines {
    let cli_available = cli_locator().locate().is_ok();
    // The product document's CLI engine is the default wherever the bundled CLI is present.
    Engines { cli_available, default_engine: if cli_available { EngineKind::Cli } else { EngineKind::Api } }
}

/// The last inventory taken in this session or kept in the cache.
#[tauri::command]
#[specta::specta]
pub async fn get_inventory(state: tauri::State<'_, AppState>, connection_id: String) -> Result<Option<Inventory>, UserError> {
    Ok(state.inventories.latest(&connection_id).await)
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
    let connection = state.sessions.registry().get(&connection_id).await.ok_or_else(|| unknown_connection(&connection_id))?;
    let client = state.sessions.client(&connection).await?;
    let source = engine_for(&client, engine.unwrap_or(discovery_engines().default_engine))?;
    let cancel = state.inventories.start(&connection_id).await;
    let (progress, mut events) = Progress::channel();
    let forward = {
        let (app, id) = (app.clone(), connection_id.clone());
        tauri::async_runtime::spawn(async move {
            while let Some(event) = events.recv().await {
                let _ = DiscoveryProgress { connection_id: id.clone(), event }.emit(&app);
            }
        })
    };
    let inventory = discover(source, &connection_id, &DiscoveryOptions::default(), &progress, &cancel).await;
    drop(progress);
    let _ = forward.await;
    let kept = app.state::<AppState>().inventories.finish(&connection_id, inventory).await;
    Ok(kept)
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_refresh(state: tauri::State<'_, AppState>, connection_id: String) -> Result<bool, UserError> {
    Ok(state.inventories.cancel(&connection_id).await)
}

fn engine_for(client: &ApiClient, engine: EngineKind) -> Result<Arc<dyn Source>, UserError> {
    Ok(match engine {
        EngineKind::Api => Arc::new(ApiEngine::from_client(client, ApiOptions::default())?),
        EngineKind::Cli => Arc::new(CliEngine::new(cli_locator().locate(), client.endpoint().api_base_str(), client.auth().clone())?),
    })
}

fn unknown_connection(id: &str) -> UserError {
    UserError::new(ErrorKind::NotFound, format!("There is no connection with id {id}."), ["Choose a connection from the sidebar, or add one."])
}

/// Keeps the latest inventory of each connection and the cancel switch of
/// each running refresh.
#[derive(Default)]
pub struct Inventories {
    latest: tokio::sync::Mutex<std::collections::HashMap<String, Inventory>>,
    running: tokio::sync::Mutex<std::collections::HashMap<String, CancelToken>>,
}

impl Inventories {
    pub async fn latest(&self, connection_id: &str) -> Option<Inventory> {
        self.latest.lock().await.get(connection_id).cloned()
    }

    /// Registers a new run; a run already going for the connection is cancelled.
    async fn start(&self, connection_id: &str) -> CancelToken {
        let token = CancelToken::new();
        if let Some(previous) = self.running.lock().await.insert(connection_id.to_owned(), token.clone()) {
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

    async fn finish(&self, connection_id: &str, inventory: Inventory) -> Inventory {
        self.running.lock().await.remove(connection_id);
        self.latest.lock().await.insert(connection_id.to_owned(), inventory.clone());
        inventory
    }
}
