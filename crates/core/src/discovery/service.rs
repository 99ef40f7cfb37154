//! The discovery service: one refresh of a connection, from the engine to
//! the store. The window's commands and `aurora discover` are adapters over it.
//!
//! ```ignore
//! let service = DiscoveryService::new(store);
//! let shown = service.refresh(&connection_id, &client, None, progress).await?;   // saved, or the previous inventory
//! service.cancel(&connection_id).await;                                          // from another task
//! // Without a store (aurora discover):
//! let engines = RefreshEngines::new(&endpoint, auth, None, EngineKind::Api, &Progress::none())?;
//! let (inventory, costs) = engines.run("headless", &Progress::none(), &cancel, false).await;
//! ```
//!
//! One refresh uses one API client: the API engine's, which also reads the
//! costs (the CLI engine has its own process per call and no costs command).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::api::{ApiEngine, ApiOptions};
use super::cli::{CliEngine, CliLocator};
use super::costs::CostReport;
use super::model::{EngineKind, Inventory, ResourceKind};
use super::progress::{CancelToken, Progress};
use super::runner::{discover, DiscoveryOptions, Source};
use crate::api::{ApiClient, Auth, ServerClock};
use crate::region::Endpoint;
use crate::store::{Saved, Store, StoredInventory};
use crate::user_error::UserError;

/// The engines this machine can use, and the one used when none is chosen.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Engines {
    pub cli_available: bool,
    /// Where the CLI engine's `ovhcloud` is (the bundled sidecar in an installed Aurora).
    pub cli_path: Option<String>,
    pub default_engine: EngineKind,
}

/// The engines `cli` finds on this machine.
pub fn engines(cli: &CliLocator) -> Engines {
    let found = cli.locate().ok();
    Engines {
        cli_available: found.is_some(),
        cli_path: found.map(|p| p.display().to_string()),
        default_engine: EngineKind::default(),
    }
}

/// What one refresh runs on: the discovery engine, and the API engine that
/// reads costs (the same one when discovery uses the API).
pub struct RefreshEngines {
    source: Arc<dyn Source>,
    costs: Option<Arc<ApiEngine>>,
}

impl RefreshEngines {
    /// `clock`: the server clock a signed client already learnt, if any;
    /// `cli`: where to look for `ovhcloud` when the engine is the CLI.
    pub fn new(
        endpoint: &Endpoint,
        auth: Auth,
        clock: Option<Arc<ServerClock>>,
        engine: EngineKind,
        cli: &CliLocator,
        progress: &Progress,
    ) -> Result<RefreshEngines, UserError> {
        let api = ApiEngine::build(endpoint.clone(), auth.clone(), clock, ApiOptions::default());
        Ok(match engine {
            EngineKind::Api => {
                let api = Arc::new(api?.reporting_pauses(progress.clone()));
                RefreshEngines {
                    source: api.clone(),
                    costs: Some(api),
                }
            }
            EngineKind::Cli => RefreshEngines {
                source: Arc::new(CliEngine::new(cli.locate(), endpoint.api_base_str(), auth)?),
                costs: api.ok().map(Arc::new),
            },
        })
    }

    /// The engines for a signed-in connection's client.
    pub fn for_client(
        client: &ApiClient,
        engine: EngineKind,
        cli: &CliLocator,
        progress: &Progress,
    ) -> Result<RefreshEngines, UserError> {
        RefreshEngines::new(
            client.endpoint(),
            client.auth().clone(),
            Some(client.clock().clone()),
            engine,
            cli,
            progress,
        )
    }

    pub fn engine(&self) -> EngineKind {
        self.source.engine()
    }

    /// Discovers everything, then (when asked) this month's costs of the projects found.
    pub async fn run(
        self,
        connection_id: &str,
        progress: &Progress,
        cancel: &CancelToken,
        with_costs: bool,
    ) -> (Inventory, Option<CostReport>) {
        let options = DiscoveryOptions::for_engine(self.source.engine());
        let inventory = discover(self.source, connection_id, &options, progress, cancel).await;
        let costs = match self.costs.filter(|_| with_costs) {
            Some(api) => {
                let projects: Vec<String> = inventory.of_kind(ResourceKind::Project).map(|p| p.id.clone()).collect();
                Some(api.current_costs(connection_id, &projects, cancel).await)
            }
            None => None,
        };
        (inventory, costs)
    }
}

/// Refreshes connections into the store, one run per connection at a time.
pub struct DiscoveryService {
    store: Arc<Store>,
    running: tokio::sync::Mutex<HashMap<String, CancelToken>>,
}

impl DiscoveryService {
    pub fn new(store: Arc<Store>) -> DiscoveryService {
        DiscoveryService {
            store,
            running: Default::default(),
        }
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// Discovers what `client` can see, saves it, and returns the inventory
    /// to show with this refresh's task outcomes: the saved one, or (when
    /// nothing in this refresh succeeded) the previous one. Progress goes
    /// to `progress`; a run already going for the connection is cancelled.
    pub async fn refresh(
        &self,
        connection_id: &str,
        client: &ApiClient,
        engine: EngineKind,
        cli: &CliLocator,
        progress: Progress,
    ) -> Result<StoredInventory, UserError> {
        let engines = RefreshEngines::for_client(client, engine, cli, &progress)?;
        let cancel = self.start(connection_id).await;
        let (inventory, costs) = engines.run(connection_id, &progress, &cancel, true).await;
        drop(progress);
        self.finish(connection_id, &cancel).await;
        let tasks = inventory.tasks.clone();
        let fresh = StoredInventory {
            connection_id: inventory.connection_id.clone(),
            engine: inventory.engine,
            taken_at: inventory.taken_at.clone(),
            tasks: inventory.tasks.clone(),
            stale: Vec::new(),
            costs: None,
            resource_count: inventory.resources.len() as u32,
        };
        let store = self.store.clone();
        let saved = tokio::task::spawn_blocking(move || store.save_refresh(inventory, costs))
            .await
            .map_err(|_| UserError::internal("Saving the inventory was interrupted."))??;
        Ok(match saved {
            Saved::Saved(current) => current,
            Saved::KeptPrevious(Some(previous)) => StoredInventory { tasks, ..previous },
            Saved::KeptPrevious(None) => fresh,
        })
    }

    /// Stops the connection's running refresh; false when none was running.
    pub async fn cancel(&self, connection_id: &str) -> bool {
        match self.running.lock().await.remove(connection_id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Forgets a removed connection's inventory.
    pub async fn forget(&self, connection_id: &str) {
        let (store, id) = (self.store.clone(), connection_id.to_owned());
        if let Ok(Err(e)) = tokio::task::spawn_blocking(move || store.remove_connection(&id)).await {
            tracing::warn!(error = %e.message, "a removed connection's inventory could not be forgotten");
        }
    }

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

    /// Unregisters this run (a newer run for the connection stays registered).
    async fn finish(&self, connection_id: &str, token: &CancelToken) {
        let mut running = self.running.lock().await;
        if running.get(connection_id).is_some_and(|t| t.same_as(token)) {
            running.remove(connection_id);
        }
    }
}
