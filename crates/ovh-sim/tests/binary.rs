//! The `ovh-sim` binary's command-line contract.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Running {
    child: Child,
    url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ovh-sim"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ovh-sim binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim_end()
        .strip_prefix("ovh-sim listening on ")
        .unwrap_or_else(|| panic!("Unexpected first line: {line:?}"))
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url[17..].parse::<u16>().is_ok(),
        "{url}"
    );
    Running { child, url }
}

fn get(url: &str, token: &str) -> (u16, serde_json::Value) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    })
}

#[test]
fn first_line_flags_and_faults() {
    let sim = start(&[
        "--seed",
        "9",
        "--projects",
        "4",
        "--per-type",
        "2",
        "--dedicated-servers",
        "1",
        "--credential",
        "AK:AS:CK",
        "--bearer-token",
        "tok",
        "--oauth-client",
        "aurora-desktop:secret:aurora://ovh/oauth2/callback",
        "--fault",
        "/dedicated/server=503,times=1",
    ]);
    let (status, ids) = get(&format!("{}/1.0/cloud/project", sim.url), "tok");
    assert_eq!(status, 200);
    assert_eq!(ids.as_array().unwrap().len(), 4);
    assert_eq!(get(&format!("{}/1.0/dedicated/server", sim.url), "tok").0, 503);
    let (status, servers) = get(&format!("{}/v1/dedicated/server", sim.url), "tok");
    assert_eq!((status, servers.as_array().unwrap().len()), (200, 1));
    let (_, clients) = get(&format!("{}/1.0/me/api/oauth2/client", sim.url), "tok");
    assert_eq!(clients, serde_json::json!(["aurora-desktop"]));
}

#[test]
fn demo_flag_and_fixture() {
    let sim = start(&["--demo", "--projects", "1"]);
    let (status, dataset) = get(&format!("{}/_sim/dataset", sim.url), "");
    assert_eq!(status, 200);
    assert_eq!(
        get(&format!("{}/1.0/me", sim.url), ovh_sim::demo::DEMO_ACCESS_TOKEN).0,
        200
    );
    let path = std::env::temp_dir().join(format!("ovh-sim-binary-fixture-{}.json", std::process::id()));
    std::fs::write(&path, dataset.to_string()).unwrap();
    let again = start(&[
        "--fixture",
        path.to_str().unwrap(),
        "--bearer-token",
        "t",
        "--seed",
        "1234",
    ]);
    let (_, served) = get(&format!("{}/_sim/dataset", again.url), "");
    let _ = std::fs::remove_file(&path);
    assert_eq!(served, dataset, "The fixture wins over the seed.");
}

#[test]
fn bad_flags_are_explained() {
    let out = Command::new(env!("CARGO_BIN_EXE_ovh-sim"))
        .args(["--credential", "only-two:parts"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("APPLICATION_KEY:APPLICATION_SECRET:CONSUMER_KEY"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_ovh-sim"))
        .args(["--fixture", "/nonexistent/fixture.json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not be read"));
}
