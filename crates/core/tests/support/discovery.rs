//! The account the discovery tests read: ovh-sim with two projects holding three resources of
//! each kind and two dedicated servers, the credentials that open it, and the inventory each
//! engine must find there (discovery_api.rs for the API engine, discovery_cli.rs for the CLI).

use std::sync::Arc;
use std::time::{Duration, Instant};

use aurora_core::api::StaticAccessToken;
use aurora_core::discovery::normalize::{normalize, Origin};
use aurora_core::discovery::{
    discover, CancelToken, DiscoveryOptions, Inventory, Progress, Resource, ResourceKind, Source, TaskKey, TaskResult,
};
use aurora_core::{Auth, SecretString, UserError};
use ovh_sim::routes::cloud::{instance_list_item, legacy_load_balancer, load_balancer_flavor_name, registry_json};
use ovh_sim::{Dataset, RunningSim, SimConfig, Simulator};
use serde_json::{json, Value};

pub const TOKEN: &str = "discovery-test-bearer-0c9d8e7f6a5b4c3d";
pub const AK: &str = "7kbG7Bk7S9Nt7ZSV";
pub const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
pub const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";
pub const CONNECTION: &str = "conn-sim";

/// Starts ovh-sim with `config` (faults, aggregation...) over the tests' account and credentials.
pub async fn start_sim(config: SimConfig) -> RunningSim {
    Simulator::start(
        config
            .seed(7)
            .projects(2)
            .per_type(3)
            .dedicated_servers(2)
            .bearer_token(TOKEN)
            .credential(AK, AS, CK),
    )
    .await
    .expect("ovh-sim starts")
}

pub fn bearer() -> Auth {
    Auth::bearer(StaticAccessToken(SecretString::new(TOKEN)))
}

/// A whole discovery of [`CONNECTION`] with `source`, without progress or cancelling.
pub async fn run(source: Arc<dyn Source>, options: &DiscoveryOptions) -> Inventory {
    discover(source, CONNECTION, options, &Progress::none(), &CancelToken::new()).await
}

/// A discovery with `source` cancelled after `delay`; returns the inventory and how long it took
/// from the start.
pub async fn run_cancelled_after(
    source: Arc<dyn Source>,
    options: &DiscoveryOptions,
    delay: Duration,
) -> (Inventory, Duration) {
    let cancel = CancelToken::new();
    let c = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        c.cancel();
    });
    let started = Instant::now();
    let inventory = discover(source, CONNECTION, options, &Progress::none(), &cancel).await;
    (inventory, started.elapsed())
}

/// How an engine reads the account, where the two differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Aurora's API engine: instances from the list with their flavor and image names,
    /// Octavia load balancers where the region offers them.
    Api,
    /// The `ovhcloud` CLI v0.5.0: each instance's detail, the legacy `/loadbalancer` shape,
    /// and private networks printed one row per region (regrouped without their raw object).
    Cli,
}

/// The inventory `reader` must produce for the simulator's data, built from the dataset in
/// the shape each call returns.
pub fn expected(data: &Dataset, reader: Reader) -> Vec<Resource> {
    let mut out: Vec<Resource> = Vec::new();
    let mut add = |kind: ResourceKind, project: Option<&str>, raw: Value| {
        out.push(
            normalize(
                kind,
                Origin {
                    connection_id: CONNECTION,
                    project_id: project,
                },
                raw,
            )
            .expect("simulator objects are readable"),
        );
    };
    for p in &data.projects {
        let id = Some(p.project.project_id.as_str());
        let region = |name: &str| p.regions.iter().find(|r| r.name == name);
        let offers = |name: &str, services: &[&str]| {
            region(name).is_some_and(|r| {
                r.status == "UP"
                    && r.services
                        .iter()
                        .any(|s| s.status == "UP" && services.contains(&s.name.as_str()))
            })
        };
        add(ResourceKind::Project, None, json!(p.project));
        for i in &p.instances {
            let raw = match reader {
                Reader::Api => {
                    let mut raw = instance_list_item(i);
                    raw["flavor"] = json!({"name": i.flavor.name, "vcpus": i.flavor.vcpus, "ram": i.flavor.ram});
                    raw["image"] = json!({"name": i.image.name});
                    raw
                }
                Reader::Cli => json!(i),
            };
            add(ResourceKind::Instance, id, raw);
        }
        p.kube_clusters
            .iter()
            .for_each(|k| add(ResourceKind::Kubernetes, id, json!(k)));
        p.databases
            .iter()
            .for_each(|d| add(ResourceKind::Database, id, json!(d)));
        for l in &p.load_balancers {
            match reader {
                Reader::Api if offers(&l.region, &["octavialoadbalancer"]) => {
                    let mut raw = json!(l);
                    raw["flavor"] = json!({"name": load_balancer_flavor_name(l)});
                    add(ResourceKind::LoadBalancer, id, raw)
                }
                Reader::Api => {}
                Reader::Cli => add(ResourceKind::LoadBalancer, id, legacy_load_balancer(l)),
            }
        }
        for r in &p.container_registries {
            let mut v = match reader {
                Reader::Api => registry_json(r),
                Reader::Cli => json!(r),
            };
            v["plan"] = r.plan.clone();
            let mode = region(&r.region).map(|x| match x.kind.as_str() {
                "region" => "1-AZ".to_owned(),
                "region-3-az" => "3-AZ".to_owned(),
                "localzone" => "Local Zone".to_owned(),
                other => other.to_owned(),
            });
            if let Some(mode) = mode {
                v["deploymentMode"] = json!(mode);
            }
            add(ResourceKind::ContainerRegistry, id, v);
        }
        p.private_networks
            .iter()
            .for_each(|n| add(ResourceKind::PrivateNetwork, id, json!(n)));
        p.s3_containers
            .iter()
            .filter(|c| offers(&c.region, &["storage-s3-standard", "storage-s3-high-perf"]))
            .for_each(|c| add(ResourceKind::ObjectStorageS3, id, json!(c)));
        p.swift_containers
            .iter()
            .for_each(|c| add(ResourceKind::ObjectStorageSwift, id, json!(c)));
    }
    data.dedicated_servers
        .iter()
        .for_each(|s| add(ResourceKind::DedicatedServer, None, json!(s)));
    out
}

/// The resources of one kind, in a stable order, as `reader` can compare them.
pub fn of_kind(resources: &[Resource], kind: ResourceKind, reader: Reader) -> Vec<Resource> {
    let mut v: Vec<Resource> = resources.iter().filter(|r| r.kind == kind).cloned().collect();
    v.sort_by(|a, b| (&a.project_id, &a.id).cmp(&(&b.project_id, &b.id)));
    if reader == Reader::Cli && kind == ResourceKind::PrivateNetwork {
        v.iter_mut().for_each(|r| r.raw = Value::Null);
    }
    v
}

/// The inventory holds, for each of `kinds`, exactly the simulator's resources.
pub fn assert_matches(inventory: &Inventory, data: &Dataset, kinds: &[ResourceKind], reader: Reader) {
    let want = expected(data, reader);
    for kind in kinds {
        let (got, want) = (
            of_kind(&inventory.resources, *kind, reader),
            of_kind(&want, *kind, reader),
        );
        assert!(!want.is_empty(), "the simulator should have some {kind}");
        assert_eq!(
            got.len(),
            want.len(),
            "{kind}: {} found, {} in the simulator",
            got.len(),
            want.len()
        );
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{kind} differ");
        }
    }
}

/// The error a task failed with (panics if it did not fail).
pub fn failure(inventory: &Inventory, task: &TaskKey) -> UserError {
    match &inventory
        .outcome(task)
        .unwrap_or_else(|| panic!("no outcome for {task}"))
        .result
    {
        TaskResult::Failed { error } => error.clone(),
        other => panic!("{task} should have failed: {other:?}"),
    }
}

/// No credential of the account appears in `text`.
pub fn assert_no_secret(text: &str) {
    for secret in [TOKEN, AS, CK] {
        assert!(!text.contains(secret), "a secret leaked");
    }
}
