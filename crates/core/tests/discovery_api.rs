//! The API engine against ovh-sim: the inventory matches the simulator's
//! data for every kind (engine_parity.rs compares it with the CLI engine), faults stay local with the
//! right messages and bounded retries, cancelling is quick.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use aurora_core::discovery::{
    ApiEngine, ApiOptions, CancelToken, DiscoveryOptions, EngineKind, Inventory, Resource, ResourceKind, RetryPolicy,
    TaskKey, TaskResult,
};
use aurora_core::{Auth, Endpoint, ErrorKind};
use ovh_sim::{FaultKind, FaultRule, ListAggregation, RunningSim, SimConfig};
use serde_json::Value;
use support::discovery::{
    assert_matches, assert_no_secret, bearer, expected, failure, of_kind, run_cancelled_after, start_sim, Reader, AK,
    AS, CK, CONNECTION,
};

async fn sim() -> RunningSim {
    start_sim(SimConfig::default()).await
}

/// A server that answers lists with ids only, so each object is its own request.
async fn sim_without_aggregation() -> RunningSim {
    start_sim(SimConfig::default().list_aggregation(ListAggregation::Ignored)).await
}

/// Short timeouts and retry delays so fault tests stay quick.
fn quick() -> ApiOptions {
    ApiOptions {
        request_timeout: Duration::from_secs(2),
        retry: RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
            ..RetryPolicy::default()
        },
        ..ApiOptions::default()
    }
}

fn api_engine(sim: &RunningSim, auth: Auth, options: ApiOptions) -> ApiEngine {
    ApiEngine::new(Endpoint::custom(&sim.api_url()).unwrap(), auth, options).unwrap()
}

async fn run(engine: ApiEngine) -> Inventory {
    support::discovery::run(Arc::new(engine), &DiscoveryOptions::for_engine(EngineKind::Api)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_inventory_matches_the_simulator_for_every_kind() {
    let sim = sim().await;
    let inventory = run(api_engine(&sim, bearer(), ApiOptions::default())).await;
    assert!(
        inventory.is_complete(),
        "{:#?}",
        inventory.failed_tasks().collect::<Vec<_>>()
    );
    assert_eq!(inventory.tasks.len(), 2 + 2 * ResourceKind::PER_PROJECT.len());
    assert_matches(&inventory, &sim.dataset(), &ResourceKind::ALL, Reader::Api);
    assert_no_secret(&serde_json::to_string(&inventory).unwrap());
    assert_eq!(sim.counters().path("/1.0/auth/time"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_inventory_matches_the_simulator_for_every_kind() {
    let sim = sim().await;
    let inventory = run(api_engine(&sim, Auth::signed(AK, AS, CK), ApiOptions::default())).await;
    assert!(
        inventory.is_complete(),
        "{:#?}",
        inventory.failed_tasks().collect::<Vec<_>>()
    );
    assert_matches(&inventory, &sim.dataset(), &ResourceKind::ALL, Reader::Api);
    assert_eq!(
        sim.counters().path("/1.0/auth/time"),
        1,
        "the server time is asked once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_stay_local_with_the_right_messages_and_bounded_retries() {
    let sim = sim().await;
    let data = sim.dataset();
    let ids: Vec<String> = data.projects.iter().map(|p| p.project.project_id.clone()).collect();
    let first = ids[0].clone();
    // 429 with Retry-After once, then a normal answer.
    sim.add_fault(FaultRule::too_many_requests(format!("/cloud/project/{first}/instance"), 1).times(1));
    sim.add_fault(FaultRule::status("/cloud/project/*/database/service", 500));
    sim.add_fault(FaultRule::status(
        format!("/cloud/project/{first}/containerRegistry"),
        503,
    ));
    sim.add_fault(FaultRule::new("/cloud/project/*/kube", FaultKind::Hang));
    sim.add_fault(FaultRule::iam_denied(
        "/cloud/project/*/network/private",
        "publicCloudProject:apiovh:network/private/get",
    ));
    sim.add_fault(FaultRule::new("/dedicated/server", FaultKind::DropConnection));
    // Swift only: a `*` would also match S3's `/region/{r}/storage`.
    for id in &ids {
        sim.add_fault(FaultRule::new(
            format!("/cloud/project/{id}/storage"),
            FaultKind::MalformedJson,
        ));
    }
    // One S3 region of the first project fails: a warning, the other regions listed.
    sim.add_fault(FaultRule::status(
        format!("/cloud/project/{first}/region/GRA/storage"),
        500,
    ));

    let started = Instant::now();
    let inventory = run(api_engine(&sim, bearer(), quick())).await;
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    let counters = sim.counters();
    let count = |path: &str| counters.path(&format!("/1.0{path}"));

    for id in &ids {
        let db = failure(&inventory, &TaskKey::project(id, ResourceKind::Database));
        assert_eq!(db.kind, ErrorKind::ServerError);
        assert!(
            db.message.contains(&format!(
                "GET /cloud/project/{id}/database/service with a server error (HTTP 500)"
            )),
            "{}",
            db.message
        );
        assert_eq!(db.solution[0], "Check OVH API status page for outages");
        assert_eq!(
            count(&format!("/cloud/project/{id}/database/service")),
            3,
            "one request and two retries"
        );

        let kube = failure(&inventory, &TaskKey::project(id, ResourceKind::Kubernetes));
        assert_eq!(kube.kind, ErrorKind::Timeout);
        assert!(kube.message.contains("within 2 seconds"), "{}", kube.message);
        assert_eq!(
            count(&format!("/cloud/project/{id}/kube")),
            1,
            "a timeout is not retried"
        );

        let network = failure(&inventory, &TaskKey::project(id, ResourceKind::PrivateNetwork));
        assert_eq!(network.kind, ErrorKind::IamDenied);
        assert!(
            network
                .message
                .contains("publicCloudProject:apiovh:network/private/get"),
            "{}",
            network.message
        );
        assert_eq!(count(&format!("/cloud/project/{id}/network/private")), 1);

        let swift = failure(&inventory, &TaskKey::project(id, ResourceKind::ObjectStorageSwift));
        assert_eq!(swift.kind, ErrorKind::MalformedResponse);
        assert_eq!(count(&format!("/cloud/project/{id}/storage")), 1);
    }
    let registry = failure(&inventory, &TaskKey::project(&first, ResourceKind::ContainerRegistry));
    assert_eq!(registry.kind, ErrorKind::ServerError);
    assert!(registry.message.contains("HTTP 503"), "{}", registry.message);
    assert_eq!(count(&format!("/cloud/project/{first}/containerRegistry")), 3);

    let dedicated = failure(&inventory, &TaskKey::account(ResourceKind::DedicatedServer));
    assert_eq!(dedicated.kind, ErrorKind::NetworkUnreachable, "{dedicated:?}");
    assert_eq!(count("/dedicated/server"), 3);

    // The rate-limited list was retried once, after Retry-After, and succeeded.
    assert_eq!(count(&format!("/cloud/project/{first}/instance")), 2);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_matches(
        &inventory,
        &data,
        &[
            ResourceKind::Project,
            ResourceKind::Instance,
            ResourceKind::LoadBalancer,
        ],
        Reader::Api,
    );

    let s3 = inventory
        .outcome(&TaskKey::project(&first, ResourceKind::ObjectStorageS3))
        .unwrap();
    let TaskResult::Ok {
        warning: Some(warning), ..
    } = &s3.result
    else {
        panic!("S3 should be a partial success: {s3:?}")
    };
    assert!(warning.message.starts_with("1 of "), "{}", warning.message);
    assert!(warning.message.contains("GRA"), "{}", warning.message);
    let s3_first = inventory
        .of_kind(ResourceKind::ObjectStorageS3)
        .filter(|r| r.project_id.as_deref() == Some(first.as_str()))
        .count();
    let want = expected(&data, Reader::Api)
        .into_iter()
        .filter(|r| r.kind == ResourceKind::ObjectStorageS3 && r.project_id.as_deref() == Some(first.as_str()));
    assert_eq!(s3_first, want.filter(|r| r.region.as_deref() != Some("GRA")).count());

    // 2 x (database, kube, network, swift) + first registry + dedicated servers.
    assert_eq!(
        inventory.failed_tasks().count(),
        10,
        "{:#?}",
        inventory.failed_tasks().collect::<Vec<_>>()
    );
    assert_no_secret(&serde_json::to_string(&inventory).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regions_are_fetched_once_per_project_for_all_tasks() {
    let sim = sim().await;
    let data = sim.dataset();
    let inventory = run(api_engine(&sim, bearer(), ApiOptions::default())).await;
    assert!(inventory.is_complete());
    for p in &data.projects {
        let id = &p.project.project_id;
        assert_eq!(
            sim.counters().path(&format!("/1.0/cloud/project/{id}/region")),
            1,
            "one aggregated list answers every region"
        );
        for r in &p.regions {
            assert_eq!(
                sim.counters()
                    .path(&format!("/1.0/cloud/project/{id}/region/{}", r.name)),
                0,
                "{}",
                r.name
            );
        }
        // The local zone in maintenance is never listed.
        assert_eq!(
            sim.counters()
                .path(&format!("/1.0/cloud/project/{id}/region/EU-SOUTH-LZ-MAD-A/storage")),
            0
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_stops_quickly() {
    let sim = sim().await;
    sim.add_fault(FaultRule::new("/cloud/project", FaultKind::Hang));
    let engine = api_engine(&sim, bearer(), ApiOptions::default());
    let (inventory, elapsed) = run_cancelled_after(
        Arc::new(engine),
        &DiscoveryOptions::default(),
        Duration::from_millis(300),
    )
    .await;
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    assert_eq!(
        inventory
            .outcome(&TaskKey::account(ResourceKind::Project))
            .unwrap()
            .result,
        TaskResult::Cancelled
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn current_costs_per_project() {
    let sim = sim().await;
    let data = sim.dataset();
    let ids: Vec<String> = data.projects.iter().map(|p| p.project.project_id.clone()).collect();
    sim.add_fault(FaultRule::iam_denied(
        format!("/cloud/project/{}/usage/current", ids[1]),
        "publicCloudProject:apiovh:usage/current/get",
    ));
    let engine = api_engine(&sim, Auth::signed(AK, AS, CK), quick());
    let report = engine.current_costs(CONNECTION, &ids, &CancelToken::new()).await;
    assert_eq!(report.projects.len(), 1);
    let want = aurora_core::discovery::ProjectCosts::from_usage(
        &ids[0],
        ovh_sim::routes::cloud::usage_current(&data.projects[0], sim.now()),
    );
    assert_eq!(
        (report.projects[0].total, report.projects[0].hourly_total),
        (want.total, want.hourly_total)
    );
    assert!(report.projects[0].total > 0.0);
    assert_eq!(
        report.currency.as_deref(),
        Some(sim.dataset().me.currency.code.as_str()),
        "prices are in the account's currency"
    );
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].project_id, ids[1]);
    assert_eq!(report.failures[0].error.kind, ErrorKind::IamDenied);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_survives_failed_refreshes() {
    use aurora_core::discovery::{CacheLoad, InventoryCache, SaveOutcome};
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let cache = InventoryCache::new(dir.path());
    let first = run(api_engine(&sim, bearer(), quick())).await;
    let ids: Vec<String> = sim
        .dataset()
        .projects
        .iter()
        .map(|p| p.project.project_id.clone())
        .collect();
    let costs = api_engine(&sim, bearer(), quick())
        .current_costs(CONNECTION, &ids, &CancelToken::new())
        .await;
    assert!(matches!(
        cache.save_refresh(first.clone(), Some(costs)).unwrap(),
        SaveOutcome::Saved(_)
    ));
    let file = std::fs::read_to_string(cache.path(CONNECTION)).unwrap();
    assert_no_secret(&file);
    assert!(!file.contains("rescuePassword"));

    // Everything fails: the file is left as it was.
    sim.add_fault(FaultRule::status("/cloud/project", 500));
    sim.add_fault(FaultRule::status("/dedicated/server", 503));
    let failed = run(api_engine(&sim, bearer(), quick())).await;
    assert_eq!(failed.failed_tasks().count(), 2);
    assert!(matches!(
        cache.save_refresh(failed, None).unwrap(),
        SaveOutcome::KeptPrevious(Some(_))
    ));
    assert_eq!(std::fs::read_to_string(cache.path(CONNECTION)).unwrap(), file);

    // Kubernetes fails in one project: its clusters stay, marked stale.
    sim.clear_faults();
    sim.add_fault(FaultRule::status(format!("/cloud/project/{}/kube", ids[0]), 500));
    let partial = run(api_engine(&sim, bearer(), quick())).await;
    let task = TaskKey::project(&ids[0], ResourceKind::Kubernetes);
    let outcome = cache.save_refresh(partial, None).unwrap();
    let current = outcome.current().unwrap();
    assert_eq!(current.stale.iter().map(|s| &s.task).collect::<Vec<_>>(), [&task]);
    assert_eq!(current.stale[0].taken_at, first.taken_at);
    assert!(matches!(
        current.inventory.outcome(&task).unwrap().result,
        TaskResult::Failed { .. }
    ));
    let kube = |inv: &Inventory| of_kind(&inv.resources, ResourceKind::Kubernetes, Reader::Api);
    assert_eq!(kube(&current.inventory), kube(&first));
    assert!(
        current.costs.as_ref().is_some_and(|c| c.projects.len() == 2),
        "the previous costs are kept"
    );
    match cache.load(CONNECTION) {
        CacheLoad::Loaded { cached, age } => {
            assert_eq!(&cached, current);
            assert!(age < Duration::from_secs(60));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn detail_failures_and_shared_region_failures() {
    let sim = sim_without_aggregation().await;
    let data = sim.dataset();
    let p = &data.projects[0];
    let id = p.project.project_id.clone();
    // One database detail is denied: the task fails and names the action;
    // a cluster that disappeared between list and detail (404) is left out.
    sim.add_fault(FaultRule::iam_denied(
        format!("/cloud/project/{id}/database/service/{}", p.databases[1].id),
        "publicCloudProject:apiovh:database/service/get",
    ));
    sim.add_fault(FaultRule::status(
        format!("/cloud/project/{id}/kube/{}", p.kube_clusters[0].id),
        404,
    ));
    // The regions cannot be listed: load balancers and S3 fail with that
    // error, asked for once (plus retries) for both tasks.
    sim.add_fault(FaultRule::status(format!("/cloud/project/{id}/region"), 500));
    // A registry plan that cannot be read: the registry is listed without it.
    let no_plan = p.container_registries[0].id.clone();
    sim.add_fault(FaultRule::status(
        format!("/cloud/project/{id}/containerRegistry/{no_plan}/plan"),
        500,
    ));
    let inventory = run(api_engine(&sim, bearer(), quick())).await;

    let db = failure(&inventory, &TaskKey::project(&id, ResourceKind::Database));
    assert_eq!(db.kind, ErrorKind::IamDenied);
    assert!(
        db.message.contains("publicCloudProject:apiovh:database/service/get"),
        "{}",
        db.message
    );
    let kube = inventory
        .outcome(&TaskKey::project(&id, ResourceKind::Kubernetes))
        .unwrap();
    assert!(
        matches!(kube.result, TaskResult::Ok { count, .. } if count as usize == p.kube_clusters.len() - 1),
        "{kube:?}"
    );
    for kind in [ResourceKind::LoadBalancer, ResourceKind::ObjectStorageS3] {
        let e = failure(&inventory, &TaskKey::project(&id, kind));
        assert_eq!(e.kind, ErrorKind::ServerError);
        assert!(
            e.message.contains(&format!("GET /cloud/project/{id}/region ")),
            "{}",
            e.message
        );
    }
    assert_eq!(sim.counters().path(&format!("/1.0/cloud/project/{id}/region")), 3);
    // Registries are still listed, without the deployment mode only regions give.
    let registries: Vec<&Resource> = inventory
        .of_kind(ResourceKind::ContainerRegistry)
        .filter(|r| r.project_id.as_deref() == Some(id.as_str()))
        .collect();
    assert_eq!(registries.len(), p.container_registries.len());
    assert!(registries
        .iter()
        .all(|r| !r.fields.contains_key("deploymentMode") && r.fields.contains_key("plan") == (r.id != no_plan)));
    let outcome = inventory
        .outcome(&TaskKey::project(&id, ResourceKind::ContainerRegistry))
        .unwrap();
    let TaskResult::Ok {
        warning: Some(warning), ..
    } = &outcome.result
    else {
        panic!("{outcome:?}")
    };
    assert!(
        warning
            .message
            .starts_with(&format!("1 of {} registry plans could not be read", registries.len())),
        "{}",
        warning.message
    );
    assert_eq!(inventory.failed_tasks().count(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_client_shares_the_server_clock() {
    let sim = sim().await;
    let client =
        aurora_core::ApiClient::new(Endpoint::custom(&sim.api_url()).unwrap(), Auth::signed(AK, AS, CK)).unwrap();
    let _: Value = client.get("/me").await.unwrap();
    let engine = ApiEngine::from_client(&client, ApiOptions::default()).unwrap();
    let inventory = run(engine).await;
    assert!(inventory.is_complete());
    assert_eq!(
        sim.counters().path("/1.0/auth/time"),
        1,
        "the engine reuses the client's clock delta"
    );
    assert!(ApiEngine::new(
        Endpoint::custom(&sim.api_url()).unwrap(),
        Auth::None,
        ApiOptions::default()
    )
    .is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flavor_and_image_names_cost_two_requests_per_project() {
    let sim = sim().await;
    let inventory = run(api_engine(&sim, bearer(), ApiOptions::default())).await;
    let projects = sim.dataset().projects.len() as u64;
    let counters = sim.counters();
    assert_eq!(counters.route("/1.0/cloud/project/*/flavor"), projects);
    assert_eq!(counters.route("/1.0/cloud/project/*/image"), projects);
    assert_eq!(
        counters.route("/1.0/cloud/project/*/flavor/*"),
        0,
        "never one per instance"
    );
    let named = inventory.of_kind(ResourceKind::Instance).filter(|i| {
        i.fields["flavor"].contains(" vCPU, ") && !i.fields["image"].contains('-') || i.fields["image"].contains(' ')
    });
    assert_eq!(named.count(), inventory.of_kind(ResourceKind::Instance).count());
}

#[tokio::test]
async fn load_balancer_flavor_names_cost_one_request_per_region_with_load_balancers() {
    let sim = sim().await;
    let inventory = run(api_engine(&sim, bearer(), ApiOptions::default())).await;
    let regions_with_balancers: std::collections::HashSet<(String, String)> = sim
        .dataset()
        .projects
        .iter()
        .flat_map(|p| {
            p.load_balancers
                .iter()
                .map(|l| (p.project.project_id.clone(), l.region.clone()))
        })
        .collect();
    assert!(!regions_with_balancers.is_empty(), "the demo has load balancers");
    let counters = sim.counters();
    assert_eq!(
        counters.route("/1.0/cloud/project/*/region/*/loadbalancing/flavor"),
        regions_with_balancers.len() as u64
    );
    let balancers: Vec<_> = inventory.of_kind(ResourceKind::LoadBalancer).collect();
    assert!(!balancers.is_empty());
    for lb in balancers {
        assert!(
            ["small", "medium", "large"].contains(&lb.fields["flavor"].as_str()),
            "{} shows its flavor by name, not {}",
            lb.name,
            lb.fields["flavor"]
        );
    }
}
