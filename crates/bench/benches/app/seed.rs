//! A private home holding what a returning user's Aurora finds at launch: one
//! connection (API keys in the keyring, as the API keys wizard saves them)
//! and its last good inventory, taken by a real discovery (the native API
//! engine against an in-process ovh-sim account) and saved in the app's own
//! inventory `Store`, costs included, as a refresh from the window does.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use aurora_core::connections::{Connection, ConnectionRegistry};
use aurora_core::discovery::{
    discover, ApiEngine, ApiOptions, CancelToken, DiscoveryOptions, Inventory, Progress, ResourceKind, Source,
};
use aurora_core::oauth::AuthMethod;
use aurora_core::vault::{ApiCredentials, OsKeyring, Vault};
use aurora_core::{Auth, Endpoint, SecretString};
use ovh_sim::{SimConfig, Simulator};

use crate::support;

const APPLICATION_KEY: &str = "bench-application-key";
const APPLICATION_SECRET: &str = "bench-application-secret";
const CONSUMER_KEY: &str = "bench-consumer-key";

/// One inventory size: the simulator account it is discovered from.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    /// `L`, `50k`.
    pub label: &'static str,
    pub projects: usize,
    pub per_type: usize,
    pub dedicated_servers: usize,
}

impl Size {
    /// crates/bench's size L: 50 projects, 40 of each kind per project, 50 dedicated servers.
    pub const L: Size = Size {
        label: "L",
        projects: 50,
        per_type: 40,
        dedicated_servers: 50,
    };
    /// The same account shape grown to 50,000 resources: 155 projects of 321 resources, 245 dedicated servers.
    pub const XL: Size = Size {
        label: "50k",
        projects: 155,
        per_type: 40,
        dedicated_servers: 245,
    };

    pub fn describe(&self) -> String {
        format!(
            "{} project(s), {} of each kind per project, {} dedicated servers",
            self.projects, self.per_type, self.dedicated_servers
        )
    }
}

/// What the benchmark types: a name and an IP address of one instance in the inventory.
#[derive(Clone, Debug)]
pub struct Queries {
    pub name: String,
    pub ip: String,
}

pub struct Seeded {
    pub size: Size,
    pub connection_id: String,
    pub home: tempfile::TempDir,
    pub resources: usize,
    pub cache_file_bytes: u64,
    pub discovery_ms: f64,
    pub queries: Queries,
    /// A region and how many resources it holds (the filter the benchmark picks).
    pub region: String,
}

pub async fn seed(size: Size) -> Result<Seeded, String> {
    let sim = Simulator::start(
        SimConfig::default()
            .seed(42)
            .projects(size.projects)
            .per_type(size.per_type)
            .dedicated_servers(size.dedicated_servers)
            .credential(APPLICATION_KEY, APPLICATION_SECRET, CONSUMER_KEY),
    )
    .await
    .map_err(|e| format!("The simulator for {} did not start: {e}", size.label))?;
    let endpoint = Endpoint::custom(&sim.api_url()).map_err(|e| e.to_string())?;

    let home = tempfile::Builder::new()
        .prefix("aurora-bench-app-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let data_dir = home.path().join("data/app.aurora.desktop");
    let vault = Vault::with_backend(Arc::new(OsKeyring::with_service(support::keyring_service(home.path()))));
    let (registry, _) = ConnectionRegistry::open(&data_dir, vault)
        .await
        .map_err(|e| e.message)?;
    let connection = Connection::new(&endpoint, AuthMethod::ApiCredentials)
        .with_account(format!("bench-{}", size.label.to_lowercase()), None);
    let credentials = ApiCredentials::new(
        &endpoint,
        APPLICATION_KEY,
        SecretString::new(APPLICATION_SECRET),
        SecretString::new(CONSUMER_KEY),
    );
    registry
        .add_with_api_credentials(connection.clone(), &credentials)
        .await
        .map_err(|e| e.message)?;

    // Wider limits than the app's only to seed faster: the inventory is the same.
    let auth = Auth::signed(APPLICATION_KEY, APPLICATION_SECRET, CONSUMER_KEY);
    let engine = Arc::new(
        ApiEngine::new(
            endpoint,
            auth,
            ApiOptions {
                max_in_flight: 64,
                ..ApiOptions::default()
            },
        )
        .map_err(|e| e.message)?,
    );
    let started = Instant::now();
    let source: Arc<dyn Source> = engine.clone();
    let options = DiscoveryOptions {
        max_parallel: 32,
        ..DiscoveryOptions::default()
    };
    let inventory = discover(source, &connection.id, &options, &Progress::none(), &CancelToken::new()).await;
    let projects: Vec<String> = inventory.of_kind(ResourceKind::Project).map(|p| p.id.clone()).collect();
    let costs = engine
        .current_costs(&connection.id, &projects, &CancelToken::new())
        .await;
    let discovery_ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Some(failed) = inventory.failed_tasks().next() {
        return Err(format!(
            "Seeding {}: the discovery task {} failed.",
            size.label, failed.task
        ));
    }
    let resources = inventory.resources.len();
    let queries = pick_queries(&inventory)?;
    let region = pick_region(&inventory)?;
    let (store, _) = aurora_core::store::Store::open(&data_dir).map_err(|e| e.message)?;
    store.save_refresh(inventory, Some(costs)).map_err(|e| e.message)?;
    let cache_file_bytes = std::fs::metadata(store.path()).map(|m| m.len()).unwrap_or(0);
    // The app must show the cached inventory without the network: the simulator is gone before it starts.
    drop(sim);
    Ok(Seeded {
        size,
        connection_id: connection.id,
        home,
        resources,
        cache_file_bytes,
        discovery_ms,
        queries,
        region,
    })
}

/// The instance in the middle of the inventory: its name, and its public IPv4 address.
fn pick_queries(inventory: &Inventory) -> Result<Queries, String> {
    let instances: Vec<_> = inventory.of_kind(ResourceKind::Instance).collect();
    let instance = instances
        .get(instances.len() / 2)
        .ok_or("The inventory has no instance to search for.")?;
    let ip = instance
        .fields
        .get("ipv4")
        .and_then(|ips| {
            ips.split(',')
                .map(str::trim)
                .find(|ip| !ip.is_empty() && !ip.starts_with("10."))
        })
        .ok_or_else(|| format!("The instance {} has no public IPv4 address.", instance.name))?;
    Ok(Queries {
        name: instance.name.clone(),
        ip: ip.to_owned(),
    })
}

/// The region holding the most resources (the Region filter the benchmark picks).
fn pick_region(inventory: &Inventory) -> Result<String, String> {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for region in inventory.resources.iter().filter_map(|r| r.region.as_deref()) {
        for part in region.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            *counts.entry(part.to_owned()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(r, _)| r)
        .ok_or_else(|| "The inventory has no region.".to_owned())
}

/// Size of the home's saved inventory file, for the report.
pub fn human_bytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1024.0 / 1024.0)
}

#[allow(dead_code)]
pub fn data_dir(home: &Path) -> std::path::PathBuf {
    home.join("data/app.aurora.desktop")
}
