//! The fault matrix: every resource kind x every fault ovh-sim can inject
//! (429 with Retry-After, 500, 503, a hang past the timeout, malformed JSON,
//! a dropped connection, a 403 naming an IAM action), against the API engine.
//!
//! Each cell runs on its own simulator: a clean refresh first (saved to the
//! inventory cache as the last good inventory), then the same refresh with
//! the fault on every list call of one kind. Per cell it checks that
//! discovery completes, that every task of the faulted kind fails with the
//! right kind, message and first solution line, that every other task
//! succeeds with exactly the resources of the clean refresh, that each
//! faulted path was asked at most `1 + max_retries` times (exactly, as the
//! sim counts it), and that the cache still shows the clean refresh's
//! resources with the failed tasks marked stale. The cells of one fault run
//! at once, so the whole matrix costs about one Retry-After plus retries.

use std::sync::Arc;
use std::time::{Duration, Instant};

use aurora_core::api::StaticAccessToken;
use aurora_core::discovery::{
    discover, ApiEngine, ApiOptions, CacheLoad, CancelToken, DiscoveryOptions, Inventory, InventoryCache, Progress,
    Resource, ResourceKind, RetryPolicy, SaveOutcome, TaskResult,
};
use aurora_core::{Auth, Endpoint, ErrorKind, SecretString};
use ovh_sim::faults::glob_match;
use ovh_sim::{FaultKind, FaultRule, RunningSim, SimConfig, Simulator};

const TOKEN: &str = "reliability-bearer-5e1f0c2b7a9d4e83";
const CONNECTION: &str = "conn-faults";
const MAX_RETRIES: u32 = 2;
/// Every request's timeout: what a hang costs, with room for a loaded machine.
const TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Clone, Copy, Debug)]
enum Fault {
    RateLimited,
    Status500,
    Status503,
    Hang,
    Malformed,
    Dropped,
    IamDenied,
}

impl Fault {
    const ALL: [Fault; 7] = [
        Fault::RateLimited,
        Fault::Status500,
        Fault::Status503,
        Fault::Hang,
        Fault::Malformed,
        Fault::Dropped,
        Fault::IamDenied,
    ];

    fn kind(self, kind: ResourceKind) -> FaultKind {
        match self {
            Fault::RateLimited => FaultKind::Status {
                status: 429,
                retry_after: Some(1),
            },
            Fault::Status500 => FaultKind::Status {
                status: 500,
                retry_after: None,
            },
            Fault::Status503 => FaultKind::Status {
                status: 503,
                retry_after: None,
            },
            Fault::Hang => FaultKind::Hang,
            Fault::Malformed => FaultKind::MalformedJson,
            Fault::Dropped => FaultKind::DropConnection,
            Fault::IamDenied => FaultKind::IamDenied {
                action: iam_action(kind).to_owned(),
            },
        }
    }

    /// Requests per faulted path: transient faults are retried, the rest are not.
    fn attempts(self) -> u64 {
        match self {
            Fault::RateLimited | Fault::Status500 | Fault::Status503 | Fault::Dropped => 1 + u64::from(MAX_RETRIES),
            Fault::Hang | Fault::Malformed | Fault::IamDenied => 1,
        }
    }

    /// The error kind, a fragment of the message and the first solution line.
    fn expected(self, kind: ResourceKind) -> (ErrorKind, String, &'static str) {
        match self {
            Fault::RateLimited => (
                ErrorKind::RateLimited,
                "OVH is limiting how fast Aurora may call the API. Wait 1 ".into(),
                "OVH allows about 60 requests per minute per consumer key",
            ),
            Fault::Status500 => (
                ErrorKind::ServerError,
                "with a server error (HTTP 500). Try again in a few minutes.".into(),
                "Check OVH API status page for outages",
            ),
            Fault::Status503 => (
                ErrorKind::ServerError,
                "with a server error (HTTP 503). Try again in a few minutes.".into(),
                "Check OVH API status page for outages",
            ),
            Fault::Hang => (
                ErrorKind::Timeout,
                format!("within {} seconds. Check your network connection", TIMEOUT.as_secs()),
                "Check network connectivity to OVH API endpoints",
            ),
            Fault::Malformed => (
                ErrorKind::MalformedResponse,
                "could not be read (not valid JSON".into(),
                "Check OVH API status page for outages",
            ),
            Fault::Dropped => (
                ErrorKind::NetworkUnreachable,
                "Aurora could not reach 127.0.0.1".into(),
                "Check network connectivity to OVH API endpoints",
            ),
            Fault::IamDenied => (
                ErrorKind::IamDenied,
                format!(
                    "An OVH IAM policy does not allow the action {}. Ask the account administrator",
                    iam_action(kind)
                ),
                "",
            ),
        }
    }
}

fn iam_action(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Project => "publicCloudProject:apiovh:get",
        ResourceKind::Instance => "publicCloudProject:apiovh:instance/get",
        ResourceKind::Kubernetes => "publicCloudProject:apiovh:kube/get",
        ResourceKind::Database => "publicCloudProject:apiovh:database/service/get",
        ResourceKind::LoadBalancer => "publicCloudProject:apiovh:region/loadbalancing/loadbalancer/get",
        ResourceKind::ContainerRegistry => "publicCloudProject:apiovh:containerRegistry/get",
        ResourceKind::PrivateNetwork => "publicCloudProject:apiovh:network/private/get",
        ResourceKind::ObjectStorageS3 => "publicCloudProject:apiovh:region/storage/get",
        ResourceKind::ObjectStorageSwift => "publicCloudProject:apiovh:storage/get",
        ResourceKind::DedicatedServer => "dedicatedServer:apiovh:get",
    }
}

/// The list calls of a kind, as sim globs (`*` also matches `/`, so Swift's
/// `/storage` is named per project to leave S3's `/region/{r}/storage` alone).
fn list_paths(kind: ResourceKind, projects: &[String]) -> Vec<String> {
    let each = |suffix: &str| projects.iter().map(|p| format!("/cloud/project/{p}{suffix}")).collect();
    match kind {
        ResourceKind::Project => vec!["/cloud/project".into()],
        ResourceKind::DedicatedServer => vec!["/dedicated/server".into()],
        ResourceKind::Instance => each("/instance"),
        ResourceKind::Kubernetes => each("/kube"),
        ResourceKind::Database => each("/database/service"),
        ResourceKind::LoadBalancer => each("/region/*/loadbalancing/loadbalancer"),
        ResourceKind::ContainerRegistry => each("/containerRegistry"),
        ResourceKind::PrivateNetwork => each("/network/private"),
        ResourceKind::ObjectStorageS3 => each("/region/*/storage"),
        ResourceKind::ObjectStorageSwift => each("/storage"),
    }
}

fn options() -> ApiOptions {
    ApiOptions {
        request_timeout: TIMEOUT,
        max_in_flight: 10,
        retry: RetryPolicy {
            max_retries: MAX_RETRIES,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
            ..RetryPolicy::default()
        },
    }
}

async fn refresh(sim: &RunningSim) -> Inventory {
    let auth = Auth::bearer(StaticAccessToken(SecretString::new(TOKEN)));
    let engine = ApiEngine::new(Endpoint::custom(&sim.api_url()).unwrap(), auth, options()).unwrap();
    discover(
        Arc::new(engine),
        CONNECTION,
        &DiscoveryOptions::default(),
        &Progress::none(),
        &CancelToken::new(),
    )
    .await
}

fn of_kind(inventory: &[Resource], kind: ResourceKind) -> Vec<&Resource> {
    inventory.iter().filter(|r| r.kind == kind).collect()
}

/// One cell; returns every problem found, so a matrix run reports them all.
async fn cell(fault: Fault, kind: ResourceKind) -> Vec<String> {
    let sim = Simulator::start(
        SimConfig::default()
            .seed(11)
            .projects(1)
            .per_type(2)
            .dedicated_servers(2)
            .bearer_token(TOKEN),
    )
    .await
    .expect("ovh-sim starts");
    let dir = tempfile::tempdir().unwrap();
    let cache = InventoryCache::new(dir.path());
    let clean = refresh(&sim).await;
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(format!("{kind:?} x {fault:?}: {what}"));
        }
    };
    check(clean.is_complete(), "the clean refresh failed".into());
    // What the cache holds of the clean refresh (credential-like fields scrubbed).
    let good = match cache.save_refresh(clean.clone(), None) {
        Ok(SaveOutcome::Saved(good)) => good.inventory.resources,
        other => {
            check(false, format!("the clean refresh was not saved: {other:?}"));
            Vec::new()
        }
    };

    let projects: Vec<String> = sim
        .dataset()
        .projects
        .iter()
        .map(|p| p.project.project_id.clone())
        .collect();
    let globs = list_paths(kind, &projects);
    for glob in &globs {
        sim.add_fault(FaultRule::new(glob.clone(), fault.kind(kind)));
    }
    sim.reset_counters();
    let faulted = refresh(&sim).await;

    // The faulted kind's tasks fail with the right words; every other task is intact.
    let (error_kind, fragment, solution) = fault.expected(kind);
    let solution = if solution.is_empty() {
        format!("Allow {} in an IAM policy for this identity", iam_action(kind))
    } else {
        solution.to_owned()
    };
    let ran_after_projects = kind != ResourceKind::Project;
    for outcome in &faulted.tasks {
        match (&outcome.result, outcome.task.kind == kind) {
            (TaskResult::Failed { error }, true) => {
                check(
                    error.kind == error_kind,
                    format!("{} failed as {:?}", outcome.task, error.kind),
                );
                check(
                    error.message.contains(&fragment),
                    format!(
                        "{}: the message \"{}\" lacks \"{fragment}\"",
                        outcome.task, error.message
                    ),
                );
                check(
                    error.solution.first() == Some(&solution),
                    format!("{}: the solution starts {:?}", outcome.task, error.solution.first()),
                );
                check(
                    !error.message.contains(TOKEN) && !error.solution.iter().any(|s| s.contains(TOKEN)),
                    "the token leaked".into(),
                );
            }
            (result, true) => check(false, format!("{} should have failed: {result:?}", outcome.task)),
            (TaskResult::Ok { warning: None, .. }, false) => {}
            (result, false) => check(false, format!("{} should be intact: {result:?}", outcome.task)),
        }
    }
    let expected_tasks = if ran_after_projects { clean.tasks.len() } else { 2 };
    check(
        faulted.tasks.len() == expected_tasks,
        format!("{} tasks ran, {expected_tasks} expected", faulted.tasks.len()),
    );
    for other in ResourceKind::ALL
        .iter()
        .filter(|k| **k != kind && (ran_after_projects || k.is_account_level()))
    {
        check(
            of_kind(&faulted.resources, *other) == of_kind(&clean.resources, *other),
            format!("{other:?} differ from the clean refresh"),
        );
    }
    check(
        of_kind(&faulted.resources, kind).is_empty(),
        "the failed kind still has fresh resources".into(),
    );

    // Retries stay within bounds: each faulted path was asked exactly `attempts` times.
    let counters = sim.counters();
    let hits: Vec<(&String, &u64)> = counters
        .by_path
        .iter()
        .filter(|(path, _)| globs.iter().any(|g| glob_match(g, path.trim_start_matches("/1.0"))))
        .collect();
    check(!hits.is_empty(), "no faulted path was asked".into());
    for (path, count) in hits {
        check(
            *count == fault.attempts(),
            format!("{path} was asked {count} times, {} expected", fault.attempts()),
        );
    }

    // The cache keeps the last good inventory: every resource of the clean refresh, failed tasks stale.
    match cache.save_refresh(faulted.clone(), None) {
        Ok(outcome) => match outcome.current() {
            Some(current) => {
                check(
                    current.inventory.resources == good && !good.is_empty(),
                    "the cached resources differ from the last good refresh".into(),
                );
                let failed: Vec<_> = faulted.failed_tasks().map(|t| t.task.clone()).collect();
                let stale_failed = failed.iter().all(|t| current.is_stale(t));
                check(
                    stale_failed && !current.stale.is_empty(),
                    format!("stale tasks {:?}, failed {failed:?}", current.stale),
                );
                check(
                    current.stale.iter().all(|s| s.taken_at == clean.taken_at),
                    "a stale task has the wrong age".into(),
                );
                match cache.load(CONNECTION) {
                    CacheLoad::Loaded { cached, .. } => {
                        check(&cached == current, "the file differs from what was shown".into())
                    }
                    other => check(false, format!("the cache did not load: {other:?}")),
                }
            }
            None => check(false, "the cache shows nothing".into()),
        },
        Err(e) => check(false, format!("saving failed: {e:?}")),
    }
    problems
}

async fn column(fault: Fault) {
    let started = Instant::now();
    let cells: Vec<_> = ResourceKind::ALL
        .iter()
        .map(|kind| tokio::spawn(cell(fault, *kind)))
        .collect();
    let mut problems = Vec::new();
    for c in cells {
        problems.extend(c.await.expect("a cell panicked"));
    }
    let elapsed = started.elapsed();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // A guard against unbounded waits, not a benchmark (about 3 s when the machine is idle).
    assert!(
        elapsed < Duration::from_secs(60),
        "the {fault:?} column took {elapsed:?}"
    );
}

macro_rules! columns {
    ($($name:ident => $fault:expr),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                column($fault).await;
            }
        )*
        /// Every fault of [`Fault::ALL`] has a test above.
        #[test]
        fn every_fault_has_a_column() {
            let named = [$(format!("{:?}", $fault)),*];
            assert_eq!(named.len(), Fault::ALL.len());
            for f in Fault::ALL {
                assert!(named.contains(&format!("{f:?}")), "{f:?} has no column");
            }
        }
    };
}

columns! {
    every_kind_survives_429_with_retry_after => Fault::RateLimited,
    every_kind_survives_http_500 => Fault::Status500,
    every_kind_survives_http_503 => Fault::Status503,
    every_kind_survives_a_hang_past_the_timeout => Fault::Hang,
    every_kind_survives_malformed_json => Fault::Malformed,
    every_kind_survives_a_dropped_connection => Fault::Dropped,
    every_kind_survives_an_iam_denial_naming_the_action => Fault::IamDenied,
}
