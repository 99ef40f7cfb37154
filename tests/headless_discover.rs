//! `aurora discover`, the windowless inventory for scripts, against the simulator.

use std::process::Command;

use ovh_sim::{FaultRule, SimConfig, Simulator};

const TOKEN: &str = "headless-test-token";

fn discover(api_url: &str, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aurora"))
        .args(["discover", "--engine", "api"])
        .args(extra)
        .env("OVH_ENDPOINT", api_url)
        .env("OVH_ACCESS_TOKEN", TOKEN)
        .output()
        .expect("the aurora binary should run")
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_every_resource_of_the_account_as_json() {
    let sim = Simulator::start(
        SimConfig::default()
            .projects(2)
            .per_type(3)
            .dedicated_servers(2)
            .bearer_token(TOKEN),
    )
    .await
    .unwrap();
    let output = discover(&sim.api_url(), &["--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let inventory: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = inventory["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let data = sim.dataset();
    for project in &data.projects {
        assert!(
            ids.contains(&project.project.project_id.as_str()),
            "project {} missing",
            project.project.project_id
        );
        for instance in &project.instances {
            assert!(ids.contains(&instance.id.as_str()), "instance {} missing", instance.id);
        }
    }
    for server in &data.dedicated_servers {
        assert!(
            ids.contains(&server.name.as_str()),
            "dedicated server {} missing",
            server.name
        );
    }
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains(TOKEN),
        "the token must not be printed"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_task_exits_non_zero_with_its_reason_on_stderr() {
    let sim = Simulator::start(SimConfig::default().projects(1).per_type(2).bearer_token(TOKEN))
        .await
        .unwrap();
    sim.add_fault(FaultRule::iam_denied(
        "/cloud/project/*/kube",
        "publicCloudProject:apiovh:kube/get",
    ));
    let output = discover(&sim.api_url(), &["--format", "csv"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("publicCloudProject:apiovh:kube/get"),
        "the missing IAM action should be named: {stderr}"
    );
    let csv = String::from_utf8_lossy(&output.stdout);
    assert!(csv.lines().count() > 3, "the other kinds are still printed: {csv}");
    assert!(!stderr.contains(TOKEN) && !csv.contains(TOKEN));
}

/// Issue 18 point 1: a secret given as an argument would show in `ps`; the
/// binary refuses it before doing anything, and reads it from standard input instead.
#[tokio::test(flavor = "multi_thread")]
async fn secrets_come_from_standard_input_never_from_arguments() {
    use std::io::Write;
    use std::process::Stdio;

    let sim = Simulator::start(SimConfig::default().projects(1).per_type(1).bearer_token(TOKEN))
        .await
        .unwrap();
    let refused = Command::new(env!("CARGO_BIN_EXE_aurora"))
        .args(["discover", "--engine", "api", "--access-token", TOKEN])
        .env("OVH_ENDPOINT", sim.api_url())
        .env_remove("OVH_ACCESS_TOKEN")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("--access-token is not accepted") && stderr.contains("--access-token-file"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN) && refused.stdout.is_empty());
    assert_eq!(sim.counters().total, 0, "nothing is sent");

    let mut child = Command::new(env!("CARGO_BIN_EXE_aurora"))
        .args(["discover", "--engine", "api", "--access-token-file", "-"])
        .env("OVH_ENDPOINT", sim.api_url())
        .env_remove("OVH_ACCESS_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{TOKEN}\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"resources\""));
}

/// Issue 18 point 3: credential-like fields inside OVH objects are removed
/// during normalization, so the printed inventory is as clean as the cache.
#[tokio::test(flavor = "multi_thread")]
async fn credential_fields_of_ovh_objects_are_not_printed() {
    let config = || SimConfig::default().projects(1).per_type(1).bearer_token(TOKEN);
    let mut data = Simulator::start(config()).await.unwrap().dataset();
    data.projects[0].instances[0].monthly_billing = Some(serde_json::json!({
        "since": "2026-01-01T00:00:00Z",
        "adminPassword": "hunter2-in-an-instance",
        "nested": [{"accessToken": "at-in-an-instance", "status": "ok"}]
    }));
    let sim = Simulator::start(config().dataset(data)).await.unwrap();
    let output = discover(&sim.api_url(), &["--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.contains("2026-01-01T00:00:00Z"), "the object is printed");
    assert!(!printed.contains("hunter2-in-an-instance") && !printed.contains("at-in-an-instance"));
}
