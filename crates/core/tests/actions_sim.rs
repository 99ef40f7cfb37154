//! Instance power actions, kubeconfig download and recent API activity against
//! ovh-sim, through the API client and through the real `ovhcloud` CLI.

use std::sync::Arc;
use std::time::Duration;

use aurora_core::actions::{recent_activity, save_kubeconfig, wait_until_settled, ActionEngine, Polling, PowerAction};
use aurora_core::discovery::cli::real_cli_for_tests;
use aurora_core::discovery::CliEngine;
use aurora_core::{ApiClient, Auth, Endpoint, ErrorKind};
use ovh_sim::{RunningSim, SimConfig, Simulator};
use serde_json::json;

const AK: &str = "7kbG7Bk7S9Nt7ZSV";
const AS: &str = "EXEgWIz07P0HYwtQDs7cNIqCiQaWSuHF";
const CK: &str = "MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1";

async fn sim() -> (RunningSim, ApiClient) {
    let sim = Simulator::start(
        SimConfig::default()
            .credential(AK, AS, CK)
            .projects(1)
            .per_type(6)
            .action_delay(Duration::from_millis(300)),
    )
    .await
    .unwrap();
    let client = ApiClient::new(Endpoint::custom(&sim.api_url()).unwrap(), Auth::signed(AK, AS, CK)).unwrap();
    (sim, client)
}

fn fast() -> Polling {
    Polling {
        interval: Duration::from_millis(50),
        timeout: Duration::from_secs(10),
    }
}

/// The first `n` ACTIVE instances of the first project.
fn active(sim: &RunningSim, n: usize) -> (String, Vec<String>) {
    let p = &sim.dataset().projects[0];
    let ids: Vec<String> = p
        .instances
        .iter()
        .filter(|i| i.status == "ACTIVE")
        .map(|i| i.id.clone())
        .take(n)
        .collect();
    assert_eq!(ids.len(), n, "the generated project has {n} active instances");
    (p.project.project_id.clone(), ids)
}

async fn stop_then_start(engine: &ActionEngine, client: &ApiClient, project: &str, instance: &str) {
    engine.power(project, instance, PowerAction::Stop).await.unwrap();
    let mut seen = Vec::new();
    let settled = wait_until_settled(client, project, instance, PowerAction::Stop, &fast(), |s| {
        seen.push(s.to_owned())
    })
    .await
    .unwrap();
    assert_eq!(settled, "SHUTOFF");
    assert_eq!(
        seen.first().map(String::as_str),
        Some("ACTIVE"),
        "the status was polled while it moved: {seen:?}"
    );
    engine.power(project, instance, PowerAction::Start).await.unwrap();
    let settled = wait_until_settled(client, project, instance, PowerAction::Start, &fast(), |_| {})
        .await
        .unwrap();
    assert_eq!(settled, "ACTIVE");
}

#[tokio::test]
async fn stop_start_and_reboot_through_the_api() {
    let (sim, client) = sim().await;
    let (project, ids) = active(&sim, 2);
    let engine = ActionEngine::Api(client.clone());
    stop_then_start(&engine, &client, &project, &ids[0]).await;
    engine.power(&project, &ids[1], PowerAction::HardReboot).await.unwrap();
    let mut seen = Vec::new();
    wait_until_settled(&client, &project, &ids[1], PowerAction::HardReboot, &fast(), |s| {
        seen.push(s.to_owned())
    })
    .await
    .unwrap();
    assert_eq!(seen, ["HARD_REBOOT", "ACTIVE"]);
    assert_eq!(sim.counters().route("/1.0/cloud/project/*/instance/*/reboot"), 1);
}

#[tokio::test]
async fn stop_and_start_through_the_real_cli() {
    let Some(cli) = real_cli_for_tests() else { return };
    let (sim, client) = sim().await;
    let (project, ids) = active(&sim, 1);
    let engine = ActionEngine::Cli(Arc::new(
        CliEngine::new(Ok(cli), &sim.api_url(), Auth::signed(AK, AS, CK)).unwrap(),
    ));
    stop_then_start(&engine, &client, &project, &ids[0]).await;
    engine.power(&project, &ids[0], PowerAction::SoftReboot).await.unwrap();
    wait_until_settled(&client, &project, &ids[0], PowerAction::SoftReboot, &fast(), |_| {})
        .await
        .unwrap();
    assert_eq!(sim.counters().route("/1.0/cloud/project/*/instance/*/stop"), 1);
    assert_eq!(sim.counters().route("/1.0/cloud/project/*/instance/*/reboot"), 1);
}

#[tokio::test]
async fn a_polled_status_that_never_settles_times_out_with_a_sentence() {
    let (sim, client) = sim().await;
    let (project, ids) = active(&sim, 1);
    // Waiting for a start of an instance that stays ACTIVE... is done at once;
    // waiting for a stop that was never sent never settles.
    let polling = Polling {
        interval: Duration::from_millis(20),
        timeout: Duration::from_millis(200),
    };
    let e = wait_until_settled(&client, &project, &ids[0], PowerAction::Stop, &polling, |_| {})
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(
        e.message.contains("did not reach SHUTOFF") && e.message.contains("it shows ACTIVE"),
        "{}",
        e.message
    );
}

/// A consumer key with the given rules, validated.
async fn key_with(sim: &RunningSim, rules: serde_json::Value) -> ApiClient {
    let app = ApiClient::new(
        Endpoint::custom(&sim.api_url()).unwrap(),
        Auth::Application {
            application_key: AK.into(),
        },
    )
    .unwrap();
    let answer: serde_json::Value = app
        .post("/auth/credential", &json!({"accessRules": rules}))
        .await
        .unwrap();
    let ck = answer["consumerKey"].as_str().unwrap().to_owned();
    sim.validate_consumer_key(&ck, None).unwrap();
    ApiClient::new(
        Endpoint::custom(&sim.api_url()).unwrap(),
        Auth::signed(AK, AS, ck.as_str()),
    )
    .unwrap()
}

#[tokio::test]
async fn a_read_only_key_is_told_which_right_is_missing_and_nothing_changes() {
    let (sim, client) = sim().await;
    let (project, ids) = active(&sim, 1);
    let reader = key_with(&sim, json!([{"method": "GET", "path": "/*"}])).await;
    let e = ActionEngine::Api(reader.clone())
        .power(&project, &ids[0], PowerAction::Stop)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotGranted);
    assert!(
        e.message
            .starts_with("Invalid credentials. Please check your consumer key and permissions")
            && e.message.contains("POST /cloud/project/*/instance/*/stop"),
        "{}",
        e.message
    );
    assert!(e.solution[0].contains("Read and act"), "{:?}", e.solution);
    let dest = std::env::temp_dir().join(format!("aurora-denied-kubeconfig-{}", std::process::id()));
    let kube = sim.dataset().projects[0].kube_clusters[0].id.clone();
    let e = save_kubeconfig(&reader, &project, &kube, &dest).await.unwrap_err();
    assert!(
        e.message.contains("POST /cloud/project/*/kube/*/kubeconfig"),
        "{}",
        e.message
    );
    assert!(!dest.exists(), "nothing was written");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let detail: serde_json::Value = client
        .get(&format!("/cloud/project/{project}/instance/{}", ids[0]))
        .await
        .unwrap();
    assert_eq!(detail["status"], "ACTIVE");
}

#[cfg(unix)]
#[tokio::test]
async fn the_kubeconfig_lands_in_the_chosen_file_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (sim, client) = sim().await;
    let p = &sim.dataset().projects[0];
    let kube = &p.kube_clusters[0];
    let dir = std::env::temp_dir().join(format!("aurora-kubeconfig-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dest = dir.join("my cluster.yaml");
    let saved = save_kubeconfig(&client, &p.project.project_id, &kube.id, &dest)
        .await
        .unwrap();
    let content = std::fs::read_to_string(&dest).unwrap();
    let expected = ovh_sim::routes::actions::kubeconfig_yaml(p, &kube.id, &kube.name, &kube.url);
    assert_eq!(content, expected);
    assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(
        saved.kubectl_command,
        format!("kubectl --kubeconfig '{}' get nodes", dest.display())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn recent_activity_lists_this_keys_calls_newest_first() {
    let (sim, client) = sim().await;
    let (project, ids) = active(&sim, 1);
    let _: serde_json::Value = client.get("/me").await.unwrap();
    ActionEngine::Api(client.clone())
        .power(&project, &ids[0], PowerAction::Stop)
        .await
        .unwrap();
    let calls = recent_activity(&client, 50).await.unwrap();
    assert_eq!(calls[0].method, "POST");
    assert_eq!(
        calls[0].path,
        format!("/cloud/project/{project}/instance/{}/stop", ids[0])
    );
    assert_eq!(calls[0].ip, "127.0.0.1");
    assert!(calls.iter().any(|c| c.path == "/me"));
    assert!(calls.windows(2).all(|w| w[0].log_id > w[1].log_id), "newest first");
    for _ in 0..5 {
        let _: serde_json::Value = client.get("/me").await.unwrap();
    }
    let last_three = recent_activity(&client, 3).await.unwrap();
    assert_eq!(last_three.len(), 3);
    assert!(last_three.iter().all(|c| c.path == "/me"));
    drop(sim);
}
