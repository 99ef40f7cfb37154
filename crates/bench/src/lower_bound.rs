//! The lower bound of a run: the longest chain of requests that must wait for
//! one another, times the simulator's latency. The chain follows each
//! engine's request structure over the account actually served, with
//! unlimited parallelism wherever the engine itself allows it.
//!
//! - Native API engine: `GET /cloud/project`, aggregated (the runner starts
//!   project tasks once projects are listed) → the project's aggregated
//!   `GET /region` → each region's Octavia load balancer or S3 list; or its
//!   registry list → each registry's plan. 3 steps whatever the size.
//! - CLI engine: the same project listing, then each project's longest
//!   command. `ovhcloud` fetches details 10 at a time (so `1 + ⌈n/10⌉` steps
//!   for n objects) and a project's registry plans one after another, after
//!   its registry list and regions: `1 + (1 + ⌈regions/10⌉) + registries`.
//! - Baseline: nothing overlaps, so the chain is the sum of every listed
//!   command's own chain.

use ovh_sim::data::{ProjectData, Region};
use ovh_sim::Dataset;

use crate::options::EngineName;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// Dependent requests, one after another.
    pub steps: u64,
}

impl Chain {
    pub fn millis(&self, latency_ms: u64) -> u64 {
        self.steps * latency_ms
    }
}

pub fn chain(engine: EngineName, account: &Dataset) -> Chain {
    let projects = account.projects.len();
    let servers = ids_then_details(account.dedicated_servers.len());
    let steps = match engine {
        EngineName::Api | EngineName::ApiWide => 1 + account.projects.iter().map(api_project_chain).max().unwrap_or(0),
        EngineName::Cli => {
            let per_project = account.projects.iter().map(cli_project_chain).max().unwrap_or(0);
            (ids_then_details(projects) + per_project).max(servers)
        }
        EngineName::Baseline => {
            let per_project: u64 = account.projects.iter().map(baseline_project_chain).sum();
            ids_then_details(projects) + per_project + servers
        }
    };
    Chain { steps }
}

/// `ovhcloud`'s list then details, 10 details at a time.
fn ids_then_details(n: usize) -> u64 {
    1 + waves(n)
}

fn waves(n: usize) -> u64 {
    n.div_ceil(10) as u64
}

fn offering(regions: &[Region], services: &[&str]) -> usize {
    regions
        .iter()
        .filter(|r| {
            r.status == "UP"
                && r.services
                    .iter()
                    .any(|s| s.status == "UP" && services.contains(&s.name.as_str()))
        })
        .count()
}

const S3: &[&str] = &["storage-s3-standard", "storage-s3-high-perf"];
const OCTAVIA: &[&str] = &["octavialoadbalancer"];

/// Lists answer whole objects (aggregated or not); what follows a list is
/// the registry plans and the per-region lists.
fn api_project_chain(p: &ProjectData) -> u64 {
    let then = |n: usize| 1 + u64::from(n > 0);
    [
        then(p.container_registries.len()),
        then(offering(&p.regions, OCTAVIA)),
        then(offering(&p.regions, S3)),
    ]
    .into_iter()
    .max()
    .unwrap_or(1)
}

fn registry_chain(p: &ProjectData) -> u64 {
    1 + ids_then_details(p.regions.len()) + p.container_registries.len() as u64
}

/// The commands both CLI runs share, one chain each.
fn shared_cli_chains(p: &ProjectData) -> [u64; 6] {
    [
        ids_then_details(p.instances.len()),
        ids_then_details(p.kube_clusters.len()),
        ids_then_details(p.databases.len()),
        ids_then_details(p.load_balancers.len()),
        registry_chain(p),
        ids_then_details(p.private_networks.len()),
    ]
}

fn cli_project_chain(p: &ProjectData) -> u64 {
    let s3 = ids_then_details(p.regions.len()) + waves(offering(&p.regions, S3));
    shared_cli_chains(p).into_iter().chain([s3, 1]).max().unwrap_or(1)
}

fn baseline_project_chain(p: &ProjectData) -> u64 {
    shared_cli_chains(p).into_iter().sum()
}
