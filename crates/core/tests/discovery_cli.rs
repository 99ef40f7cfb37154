//! The CLI engine with the REAL `ovhcloud` CLI (built by
//! scripts/build-ovhcloud-cli.sh into .tools/bin) against ovh-sim, plus
//! hostile fake CLIs (small shell scripts) for what the simulator cannot provoke.

#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aurora_core::discovery::cli::{real_cli_for_tests, CliEngine, CliOptions, ProjectFlag};
use aurora_core::discovery::{
    discover, CancelToken, DiscoveryEvent, DiscoveryOptions, Inventory, Progress, ResourceKind, Source, TaskKey,
    TaskResult,
};
use aurora_core::{Auth, ErrorKind};
use ovh_sim::{FaultKind, FaultRule, RunningSim, SimConfig};
use serde_json::json;
use support::discovery::{
    assert_matches, bearer, failure, run_cancelled_after, start_sim as sim, Reader, AK, AS, CK, CONNECTION, TOKEN,
};

fn engine(cli: &Path, sim: &RunningSim, auth: Auth) -> CliEngine {
    CliEngine::new(Ok(cli.to_path_buf()), &sim.api_url(), auth).unwrap()
}

async fn run(engine: CliEngine) -> Inventory {
    support::discovery::run(Arc::new(engine), &DiscoveryOptions::default()).await
}

fn assert_no_secret(inventory: &Inventory) {
    support::discovery::assert_no_secret(&serde_json::to_string(inventory).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_inventory_matches_the_simulator_for_every_kind() {
    let Some(cli) = real_cli_for_tests() else { return };
    let sim = sim(SimConfig::default()).await;
    let engine = engine(&cli, &sim, bearer());
    assert_eq!(engine.project_flag().await.unwrap(), ProjectFlag::CloudProject);
    let (progress, mut events) = Progress::channel();
    let inventory = discover(
        Arc::new(engine),
        CONNECTION,
        &DiscoveryOptions::default(),
        &progress,
        &CancelToken::new(),
    )
    .await;
    assert!(
        inventory.is_complete(),
        "{:#?}",
        inventory.failed_tasks().collect::<Vec<_>>()
    );
    assert_eq!(inventory.tasks.len(), 2 + 2 * ResourceKind::PER_PROJECT.len());
    assert_matches(&inventory, &sim.dataset(), &ResourceKind::ALL, Reader::Cli);
    assert_no_secret(&inventory);
    let mut done = 0;
    while let Ok(e) = events.try_recv() {
        done += matches!(e, DiscoveryEvent::TaskDone { .. }) as usize;
    }
    assert_eq!(done, inventory.tasks.len());
    // The CLI never asks for the server time with a bearer token.
    assert_eq!(sim.counters().path("/1.0/auth/time"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_inventory_matches_the_simulator_for_every_kind() {
    let Some(cli) = real_cli_for_tests() else { return };
    let sim = sim(SimConfig::default()).await;
    let inventory = run(engine(&cli, &sim, Auth::signed(AK, AS, CK))).await;
    assert!(
        inventory.is_complete(),
        "{:#?}",
        inventory.failed_tasks().collect::<Vec<_>>()
    );
    assert_matches(&inventory, &sim.dataset(), &ResourceKind::ALL, Reader::Cli);
    assert_no_secret(&inventory);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_leave_a_partial_inventory_with_the_right_messages() {
    let Some(cli) = real_cli_for_tests() else { return };
    let sim = sim(SimConfig::default()).await;
    let data = sim.dataset();
    let first = data.projects[0].project.project_id.clone();
    sim.add_fault(FaultRule::iam_denied(
        "/cloud/project/*/kube",
        "publicCloudProject:apiovh:kube/get",
    ));
    sim.add_fault(FaultRule::status("/cloud/project/*/database/service", 500));
    // Swift only: a `*` would also match S3's `/region/{r}/storage`.
    for p in &data.projects {
        sim.add_fault(FaultRule::new(
            format!("/cloud/project/{}/storage", p.project.project_id),
            FaultKind::MalformedJson,
        ));
    }
    sim.add_fault(FaultRule::too_many_requests(
        format!("/cloud/project/{first}/instance"),
        7,
    ));
    let inventory = run(engine(&cli, &sim, bearer())).await;

    for p in &data.projects {
        let id = &p.project.project_id;
        let kube = failure(&inventory, &TaskKey::project(id, ResourceKind::Kubernetes));
        assert_eq!(kube.kind, ErrorKind::IamDenied);
        assert!(
            kube.message.contains("publicCloudProject:apiovh:kube/get"),
            "{}",
            kube.message
        );
        assert_eq!(
            failure(&inventory, &TaskKey::project(id, ResourceKind::Database)).kind,
            ErrorKind::ServerError
        );
        let swift = failure(&inventory, &TaskKey::project(id, ResourceKind::ObjectStorageSwift));
        assert_eq!(swift.kind, ErrorKind::MalformedResponse, "{swift:?}");
        assert!(
            swift
                .solution
                .last()
                .unwrap()
                .contains("ovhcloud cloud storage-swift list --cloud-project"),
            "{swift:?}"
        );
    }
    let limited = failure(&inventory, &TaskKey::project(&first, ResourceKind::Instance));
    // The CLI's message does not carry Retry-After.
    assert_eq!(limited.kind, ErrorKind::RateLimited, "{limited:?}");
    assert_eq!(inventory.failed_tasks().count(), 7);
    // Everything else is intact.
    let intact = [
        ResourceKind::Project,
        ResourceKind::LoadBalancer,
        ResourceKind::ContainerRegistry,
        ResourceKind::PrivateNetwork,
        ResourceKind::ObjectStorageS3,
        ResourceKind::DedicatedServer,
    ];
    assert_matches(&inventory, &data, &intact, Reader::Cli);
    let second_instances = inventory
        .of_kind(ResourceKind::Instance)
        .filter(|r| r.project_id.as_deref() != Some(&first))
        .count();
    assert_eq!(second_instances, data.projects[1].instances.len());
    assert_no_secret(&inventory);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_api_times_out_with_the_cli_solution() {
    let Some(cli) = real_cli_for_tests() else { return };
    let sim = sim(SimConfig::default()).await;
    sim.add_fault(FaultRule::new("/cloud/project/*/kube", FaultKind::Hang));
    let engine = engine(&cli, &sim, bearer()).with_options(CliOptions {
        timeout: Duration::from_secs(3),
        ..CliOptions::default()
    });
    let inventory = run(engine).await;
    let project = sim.dataset().projects[0].project.project_id.clone();
    let e = failure(&inventory, &TaskKey::project(&project, ResourceKind::Kubernetes));
    assert_eq!(e.kind, ErrorKind::CliCommandFailed);
    assert!(e.message.contains("within 3 seconds"), "{}", e.message);
    assert_eq!(e.solution[0], "Verify ovhcloud CLI is installed and configured");
    let by_hand = e.solution.last().unwrap();
    assert!(
        by_hand.contains(&format!("OVH_ENDPOINT={}", sim.api_url())),
        "{by_hand}"
    );
    assert!(
        by_hand.contains(&format!("cloud kube list --cloud-project {project} --json")),
        "{by_hand}"
    );
    assert!(!by_hand.contains(TOKEN));
    assert_eq!(inventory.failed_tasks().count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_stops_running_cli_processes() {
    let Some(cli) = real_cli_for_tests() else { return };
    let sim = sim(SimConfig::default()).await;
    sim.add_fault(FaultRule::new("/cloud/project/*", FaultKind::Hang));
    let (inventory, elapsed) = run_cancelled_after(
        Arc::new(engine(&cli, &sim, bearer())),
        &DiscoveryOptions::default(),
        Duration::from_millis(1500),
    )
    .await;
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
    assert!(
        inventory.tasks.iter().any(|t| t.result == TaskResult::Cancelled),
        "{:?}",
        inventory.tasks
    );
}

#[tokio::test]
async fn a_missing_cli_fails_every_task_with_the_cli_solution() {
    let engine = CliEngine::new(
        Err(vec![PathBuf::from("/nowhere/ovhcloud")]),
        "http://127.0.0.1:9/1.0",
        bearer(),
    )
    .unwrap();
    let inventory = run(engine).await;
    assert_eq!(inventory.tasks.len(), 2);
    for task in [
        TaskKey::account(ResourceKind::Project),
        TaskKey::account(ResourceKind::DedicatedServer),
    ] {
        let e = failure(&inventory, &task);
        assert_eq!(e.kind, ErrorKind::CliCommandFailed);
        assert!(e.message.starts_with("The ovhcloud CLI was not found"), "{}", e.message);
        assert_eq!(
            e.solution,
            [
                "Verify ovhcloud CLI is installed and configured",
                "Check network connectivity to OVH API endpoints",
                "Ensure service account has permissions for the resource type",
                &format!(
                    "Try running the command manually to see detailed errors: OVH_ENDPOINT=http://127.0.0.1:9/1.0 OVH_ACCESS_TOKEN='<your access token>' ovhcloud {} --json",
                    if task.kind == ResourceKind::Project { "cloud project list" } else { "baremetal list" }
                ),
            ]
        );
    }
}

/// Fake CLIs: `--help` advertises `--cloud-project`; the list command runs `body`.
fn fake_cli(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    let script = format!(
        "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = --help ] && {{ echo '      --cloud-project string   Cloud project ID'; exit 0; }}; done\n{body}\n"
    );
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[tokio::test]
async fn hostile_fake_clis() {
    let dir = std::env::temp_dir().join(format!("aurora-fake-cli-{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = |program: PathBuf, options: CliOptions| async move {
        let engine = CliEngine::new(Ok(program), "http://127.0.0.1:9/1.0", bearer())
            .unwrap()
            .with_options(options);
        engine.list(&TaskKey::project("p1", ResourceKind::PrivateNetwork)).await
    };

    // A Go panic: exit 2, trace on stderr; the token it echoes is blanked.
    let crash = fake_cli(&dir, "crash", "echo 'panic: interface conversion: interface {} is nil, not []interface {}' >&2\necho \"token was $OVH_ACCESS_TOKEN\" >&2\nexit 2");
    let e = list(crash, CliOptions::default()).await.unwrap_err();
    assert!(e.message.starts_with("The ovhcloud CLI crashed."), "{}", e.message);
    assert!(e.message.contains("interface conversion"), "{}", e.message);
    assert!(
        !e.message.contains(TOKEN) && e.message.contains("token was ***"),
        "{}",
        e.message
    );
    assert!(e
        .solution
        .last()
        .unwrap()
        .contains("cloud network private list --cloud-project p1 --json"));

    // Garbage on stdout with exit 0.
    let garbage = fake_cli(&dir, "garbage", "printf '\\001\\377 this is not json'");
    assert!(list(garbage, CliOptions::default())
        .await
        .unwrap_err()
        .message
        .contains("could not read"));

    // Endless output is capped and the process killed.
    let huge = fake_cli(&dir, "huge", "yes '[{\"id\":\"x\"},'");
    let started = Instant::now();
    let e = list(
        huge,
        CliOptions {
            max_stdout: 1024 * 1024,
            ..CliOptions::default()
        },
    )
    .await
    .unwrap_err();
    assert!(e.message.contains("more than 1 MiB"), "{}", e.message);
    assert!(started.elapsed() < Duration::from_secs(10));

    // The environment holds only what the CLI needs.
    let env = fake_cli(&dir, "env", "printf '[{\"id\":\"n1\",\"name\":\"%s\",\"region\":\"GRA11\",\"status\":\"ACTIVE\"}]' \"$(env | cut -d= -f1 | sort | tr '\\n' ' ')\"");
    let listing = list(env, CliOptions::default()).await.unwrap();
    let names = listing.objects[0]["name"].as_str().unwrap().to_owned();
    let mut vars: Vec<&str> = names
        .split_whitespace()
        .filter(|v| !["PWD", "SHLVL", "_", "OLDPWD"].contains(v))
        .collect();
    vars.sort();
    assert_eq!(vars, ["HOME", "OVH_ACCESS_TOKEN", "OVH_ENDPOINT"]);
    assert_eq!(
        listing.objects[0]["regions"][0]["region"], "GRA11",
        "network rows are regrouped"
    );

    // A CLI without --cloud-project gets the project through the environment.
    let old = dir.join("old");
    std::fs::write(&old, "#!/bin/sh\n[ \"$1\" = cloud ] && [ \"$4\" = --help ] && { echo 'no project flag here'; exit 0; }\nprintf '[{\"id\":\"%s\"}]' \"$OVH_CLOUD_PROJECT_SERVICE\"\n").unwrap();
    std::fs::set_permissions(&old, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let engine = CliEngine::new(Ok(old), "http://127.0.0.1:9/1.0", bearer()).unwrap();
    assert_eq!(engine.project_flag().await.unwrap(), ProjectFlag::EnvOnly);
    let listing = engine
        .list(&TaskKey::project("p7", ResourceKind::Kubernetes))
        .await
        .unwrap();
    assert_eq!(listing.objects, vec![json!({"id": "p7"})]);
    std::fs::remove_dir_all(dir).unwrap();
}

/// The product document writes `--service-name PROJECT_ID`; v0.5.0 refuses it
/// and takes `--cloud-project` (docs/ovhcloud-cli.md), which the engine detects.
#[tokio::test]
async fn the_pinned_cli_takes_cloud_project_not_the_documents_service_name() {
    let Some(cli) = real_cli_for_tests() else { return };
    let out = tokio::process::Command::new(&cli)
        .args(["cloud", "instance", "list", "--service-name", "p1", "--json"])
        .env_clear()
        .env("HOME", std::env::temp_dir())
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown flag: --service-name"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let engine = CliEngine::new(Ok(cli), "http://127.0.0.1:9/1.0", bearer()).unwrap();
    assert_eq!(engine.project_flag().await.unwrap(), ProjectFlag::CloudProject);
}
