//! Private homes holding what a returning user's Aurora finds at launch: one
//! connection (API keys in the keyring, as the API keys wizard saves them)
//! and its last good inventory, saved in the app's own inventory `Store`,
//! costs included, as a refresh from the window does:
//!
//! - discovered: taken by a real discovery (the native API engine against an
//!   in-process ovh-sim account);
//! - copies: a discovered inventory repeated under other project ids (the
//!   500,000-resource inventory is ten copies of the 50,000 one), written
//!   straight into the store, so a run needs no discovery of 500,000
//!   resources over HTTP;
//! - empty: an account with nothing in it (a refresh that found nothing).
//!
//! Each store write is timed, and written a second time as a refresh that
//! changed the status of 1% of the resources (the refresh's store write).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use aurora_core::connections::{Connection, ConnectionRegistry};
use aurora_core::discovery::{
    discover, ApiEngine, ApiOptions, CancelToken, CostReport, DiscoveryOptions, EngineKind, Inventory, Progress,
    ResourceKind, Source, StatusClass, TaskKey, TaskOutcome, TaskResult,
};
use aurora_core::oauth::AuthMethod;
use aurora_core::store::Store;
use aurora_core::vault::{ApiCredentials, OsKeyring, Vault};
use aurora_core::{Auth, Endpoint, SecretString};
use ovh_sim::{SimConfig, Simulator};

use crate::support;

const APPLICATION_KEY: &str = "bench-application-key";
const APPLICATION_SECRET: &str = "bench-application-secret";
const CONSUMER_KEY: &str = "bench-consumer-key";
/// The endpoint the seeded connections name; nothing listens there (the app never refreshes on its own).
const GONE_ENDPOINT: &str = "http://127.0.0.1:9/1.0";

/// One simulator account an inventory is discovered from.
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
    /// `--quick`: a small account standing in for the 50k one.
    pub const QUICK: Size = Size {
        label: "quick",
        projects: 5,
        per_type: 10,
        dedicated_servers: 10,
    };

    pub fn describe(&self) -> String {
        format!(
            "{} project(s), {} of each kind per project, {} dedicated servers",
            self.projects, self.per_type, self.dedicated_servers
        )
    }
}

/// What the benchmark types: a name and an IP address of one instance in the inventory.
#[derive(Clone, Debug, Default)]
pub struct Queries {
    pub name: String,
    pub ip: String,
}

pub struct Seeded {
    /// `empty`, `L`, `50k`, `500k`.
    pub label: String,
    /// Where the inventory comes from, for the report.
    pub origin: String,
    pub connection_id: String,
    pub home: tempfile::TempDir,
    pub resources: usize,
    pub cache_file_bytes: u64,
    /// Its write-ahead log, as the writes left it (the app checkpoints it and caps its size).
    pub wal_bytes: u64,
    /// The store's first write of the inventory, then a refresh changing 1% of the statuses, ms.
    pub first_write_ms: f64,
    pub refresh_write_ms: f64,
    pub queries: Queries,
    /// The region holding the most resources (the filter the benchmark picks).
    pub region: String,
}

/// A discovered inventory and its costs, to seed a home with, or copies of it.
pub struct Discovered {
    pub size: Size,
    pub inventory: Inventory,
    pub costs: CostReport,
    pub discovery_ms: f64,
}

/// Discovers the simulator account of `size` (the simulator is stopped afterwards).
pub async fn discover_account(size: Size) -> Result<Discovered, String> {
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
    let connection_id = "seed";
    let inventory = discover(source, connection_id, &options, &Progress::none(), &CancelToken::new()).await;
    let projects: Vec<String> = inventory.of_kind(ResourceKind::Project).map(|p| p.id.clone()).collect();
    let costs = engine
        .current_costs(connection_id, &projects, &CancelToken::new())
        .await;
    let discovery_ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Some(failed) = inventory.failed_tasks().next() {
        return Err(format!(
            "Seeding {}: the discovery task {} failed.",
            size.label, failed.task
        ));
    }
    Ok(Discovered {
        size,
        inventory,
        costs,
        discovery_ms,
    })
}

/// A home whose connection's last inventory is `copies` copies of `discovered`.
pub async fn seed_copies(label: &str, discovered: &Discovered, copies: usize) -> Result<Seeded, String> {
    let (home, data_dir, connection_id) = new_home(label).await?;
    let (inventory, costs) = copied(discovered, copies, &connection_id);
    let origin = if copies == 1 {
        format!(
            "a discovery (native API engine, {:.1} s) of the ovh-sim account with {} (seed 42)",
            discovered.discovery_ms / 1000.0,
            discovered.size.describe()
        )
    } else {
        format!(
            "{copies} copies of the {} inventory under other project ids (names and the ids of account-level resources suffixed `-xN`; IP addresses kept), written straight into the store",
            discovered.size.label
        )
    };
    save(label, origin, home, &data_dir, connection_id, inventory, Some(costs))
}

/// A home whose connection's last refresh found nothing.
pub async fn seed_empty() -> Result<Seeded, String> {
    let (home, data_dir, connection_id) = new_home("empty").await?;
    let inventory = Inventory {
        connection_id: connection_id.clone(),
        engine: EngineKind::Api,
        resources: Vec::new(),
        tasks: vec![TaskOutcome {
            task: TaskKey::account(ResourceKind::Project),
            result: TaskResult::Ok {
                count: 0,
                skipped: 0,
                warning: None,
            },
            duration_ms: 0,
        }],
        taken_at: aurora_core::discovery::model::rfc3339_utc(1_800_000_000),
    };
    let origin = "an account with nothing in it: its last refresh found no project".to_owned();
    save("empty", origin, home, &data_dir, connection_id, inventory, None)
}

/// A private home with one connection (API keys in the keyring) and no inventory yet.
async fn new_home(label: &str) -> Result<(tempfile::TempDir, std::path::PathBuf, String), String> {
    let home = tempfile::Builder::new()
        .prefix("aurora-bench-app-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let data_dir = data_dir(home.path());
    let endpoint = Endpoint::custom(GONE_ENDPOINT).map_err(|e| e.to_string())?;
    let vault = Vault::with_backend(Arc::new(OsKeyring::with_service(support::keyring_service(home.path()))));
    let (registry, _) = ConnectionRegistry::open(&data_dir, vault)
        .await
        .map_err(|e| e.message)?;
    let connection = Connection::new(&endpoint, AuthMethod::ApiCredentials)
        .with_account(format!("bench-{}", label.to_lowercase()), None);
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
    Ok((home, data_dir, connection.id))
}

/// Writes `inventory` into the home's store, timed, then again as a refresh changing 1% of the statuses.
fn save(
    label: &str,
    origin: String,
    home: tempfile::TempDir,
    data_dir: &Path,
    connection_id: String,
    mut inventory: Inventory,
    costs: Option<CostReport>,
) -> Result<Seeded, String> {
    let resources = inventory.resources.len();
    let (queries, region) = if resources == 0 {
        (Queries::default(), String::new())
    } else {
        (pick_queries(&inventory)?, pick_region(&inventory)?)
    };
    let (store, _) = Store::open(data_dir).map_err(|e| e.message)?;
    let started = Instant::now();
    store
        .save_refresh(inventory.clone(), costs.clone())
        .map_err(|e| e.message)?;
    let first_write_ms = started.elapsed().as_secs_f64() * 1000.0;
    inventory.taken_at = aurora_core::discovery::model::rfc3339_utc(1_800_003_600);
    for r in inventory.resources.iter_mut().step_by(100) {
        r.status.class = if r.status.class == StatusClass::Stopped {
            StatusClass::Ok
        } else {
            StatusClass::Stopped
        };
    }
    let started = Instant::now();
    store.save_refresh(inventory, costs).map_err(|e| e.message)?;
    let refresh_write_ms = started.elapsed().as_secs_f64() * 1000.0;
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let cache_file_bytes = size(store.path());
    let wal_bytes = size(&store.path().with_extension("sqlite3-wal"));
    Ok(Seeded {
        label: label.to_owned(),
        origin,
        connection_id,
        home,
        resources,
        cache_file_bytes,
        wal_bytes,
        first_write_ms,
        refresh_write_ms,
        queries,
        region,
    })
}

/// `copies` copies of a discovered inventory and its costs for `connection_id`:
/// the first as discovered, the others under project ids suffixed `xN`.
fn copied(discovered: &Discovered, copies: usize, connection_id: &str) -> (Inventory, CostReport) {
    let original = &discovered.inventory;
    let suffix = |text: &str, n: usize| {
        if n == 0 {
            text.to_owned()
        } else {
            format!("{text}-x{n}")
        }
    };
    let mut resources = Vec::with_capacity(original.resources.len() * copies);
    let mut tasks = Vec::new();
    let mut costs = discovered.costs.clone();
    costs.connection_id = connection_id.to_owned();
    costs.projects.clear();
    for n in 0..copies {
        for r in &original.resources {
            let mut r = r.clone();
            r.connection_id = connection_id.to_owned();
            r.project_id = r.project_id.map(|p| suffix(&p, n));
            if r.kind.is_account_level() {
                r.id = suffix(&r.id, n);
            }
            if n > 0 {
                r.name = suffix(&r.name, n);
            }
            resources.push(r);
        }
        for t in &original.tasks {
            if n == 0 || t.task.project_id.is_some() {
                let mut t = t.clone();
                t.task.project_id = t.task.project_id.map(|p| suffix(&p, n));
                tasks.push(t);
            }
        }
        for p in &discovered.costs.projects {
            let mut p = p.clone();
            p.project_id = suffix(&p.project_id, n);
            costs.projects.push(p);
        }
    }
    let inventory = Inventory {
        connection_id: connection_id.to_owned(),
        engine: original.engine,
        resources,
        tasks,
        taken_at: original.taken_at.clone(),
    };
    (inventory, costs)
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

pub fn data_dir(home: &Path) -> std::path::PathBuf {
    home.join("data/app.aurora.desktop")
}
