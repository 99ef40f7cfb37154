//! The official `ovhcloud` CLI against the simulator, unchanged: every list command
//! Aurora uses, with a bearer token and with AK/AS/CK, must print the simulator's data.
//!
//! The CLI binary comes from `OVHCLOUD_CLI`, else `.tools/bin/ovhcloud` (built by
//! `scripts/build-ovhcloud-cli.sh`). Without it this test FAILS, unless
//! `AURORA_SKIP_CLI_TESTS=1`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use ovh_sim::{Dataset, RunningSim, SimConfig, Simulator};
use serde_json::Value;

const AK: &str = "cliApplicationKy";
const AS: &str = "cliApplicationSecret0123456789ab";
const CK: &str = "cliConsumerKey0123456789abcdefgh";
const TOKEN: &str = "cli-fidelity-access-token";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root exists")
}

/// The CLI binary, or `None` when the test may be skipped.
fn cli_binary() -> Option<PathBuf> {
    let path = std::env::var_os("OVHCLOUD_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".tools/bin/ovhcloud"));
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("AURORA_SKIP_CLI_TESTS").as_deref() == Ok("1") {
        eprintln!("Skipping the ovhcloud CLI fidelity test because AURORA_SKIP_CLI_TESTS=1.");
        return None;
    }
    panic!(
        "The ovhcloud CLI was not found at {}. Run scripts/build-ovhcloud-cli.sh (or set OVHCLOUD_CLI), \
         or set AURORA_SKIP_CLI_TESTS=1 to skip this test on purpose.",
        path.display()
    );
}

#[derive(Clone, Copy, Debug)]
enum Auth {
    Bearer,
    Signed,
}

struct Cli {
    bin: PathBuf,
    api_url: String,
    project_flag: &'static str,
}

static DIR_COUNTER: AtomicU32 = AtomicU32::new(0);

impl Cli {
    /// Runs the CLI with a clean environment, a temporary HOME and cwd; returns its JSON output.
    fn run(&self, auth: Auth, args: &[&str]) -> Value {
        let dir = std::env::temp_dir().join(format!(
            "ovh-sim-cli-{}-{}",
            std::process::id(),
            DIR_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("a temporary directory can be created");
        let mut cmd = Command::new(&self.bin);
        cmd.env_clear()
            .env("HOME", &dir)
            .current_dir(&dir)
            .env("OVH_ENDPOINT", &self.api_url)
            .args(args)
            .arg("--json");
        match auth {
            Auth::Bearer => cmd.env("OVH_ACCESS_TOKEN", TOKEN),
            Auth::Signed => cmd
                .env("OVH_APPLICATION_KEY", AK)
                .env("OVH_APPLICATION_SECRET", AS)
                .env("OVH_CONSUMER_KEY", CK),
        };
        let out = cmd.output().expect("the ovhcloud CLI can be started");
        let _ = std::fs::remove_dir_all(&dir);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "`ovhcloud {}` ({auth:?}) failed with {}:\nstdout: {stdout}\nstderr: {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("`ovhcloud {}` printed invalid JSON ({e}): {stdout}", args.join(" ")))
    }

    fn project_list(&self, auth: Auth, group: &[&str], project: &str) -> Vec<Value> {
        let mut args: Vec<&str> = group.to_vec();
        args.extend(["list", self.project_flag, project]);
        rows(self.run(auth, &args))
    }
}

fn rows(v: Value) -> Vec<Value> {
    match v {
        Value::Null => vec![],
        Value::Array(a) => a,
        other => panic!("The CLI printed {other} where a list was expected."),
    }
}

fn pairs(rows: &[Value], a: &str, b: &str) -> BTreeSet<(String, String)> {
    rows.iter()
        .map(|r| {
            (
                r[a].as_str().unwrap_or_default().to_string(),
                r[b].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn set<I: IntoIterator<Item = (S, T)>, S: ToString, T: ToString>(items: I) -> BTreeSet<(String, String)> {
    items.into_iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn start() -> RunningSim {
    Simulator::start_in_background(
        SimConfig::default()
            .credential(AK, AS, CK)
            .bearer_token(TOKEN)
            .projects(2)
            .per_type(4),
    )
    .expect("the simulator starts")
}

fn check_all(cli: &Cli, data: &Dataset, auth: Auth) {
    let projects = rows(cli.run(auth, &["cloud", "project", "list"]));
    assert_eq!(
        pairs(&projects, "project_id", "projectName"),
        set(data
            .projects
            .iter()
            .map(|p| (&p.project.project_id, &p.project.project_name))),
        "cloud project list ({auth:?})"
    );
    let servers = rows(cli.run(auth, &["baremetal", "list"]));
    assert_eq!(
        pairs(&servers, "name", "datacenter"),
        set(data.dedicated_servers.iter().map(|s| (&s.name, &s.datacenter))),
        "baremetal list ({auth:?})"
    );

    for p in &data.projects {
        let id = p.project.project_id.as_str();
        let instances = cli.project_list(auth, &["cloud", "instance"], id);
        assert_eq!(
            pairs(&instances, "id", "name"),
            set(p.instances.iter().map(|i| (&i.id, &i.name))),
            "instances"
        );
        assert!(
            instances.iter().all(|i| i["flavor"]["name"].is_string()),
            "instance details carry flavor.name"
        );

        let kube = cli.project_list(auth, &["cloud", "kube"], id);
        assert_eq!(
            pairs(&kube, "id", "name"),
            set(p.kube_clusters.iter().map(|k| (&k.id, &k.name))),
            "kube"
        );

        let dbs = cli.project_list(auth, &["cloud", "database-service"], id);
        assert_eq!(
            pairs(&dbs, "id", "description"),
            set(p.databases.iter().map(|d| (&d.id, &d.description))),
            "databases"
        );

        let lbs = cli.project_list(auth, &["cloud", "loadbalancer"], id);
        assert_eq!(
            pairs(&lbs, "id", "name"),
            set(p.load_balancers.iter().map(|l| (&l.id, &l.name))),
            "load balancers"
        );

        let regs = cli.project_list(auth, &["cloud", "container-registry"], id);
        assert_eq!(
            pairs(&regs, "id", "name"),
            set(p.container_registries.iter().map(|r| (&r.id, &r.name))),
            "registries"
        );
        for r in &regs {
            let expected = p
                .container_registries
                .iter()
                .find(|x| x.id == r["id"].as_str().unwrap())
                .unwrap();
            assert_eq!(r["plan"]["name"], expected.plan["name"], "registry plan");
            assert_eq!(r["deploymentMode"], "1-AZ", "registry deployment mode");
        }

        let nets = cli.project_list(auth, &["cloud", "network", "private"], id);
        let expected: BTreeSet<(String, String)> = p
            .private_networks
            .iter()
            .flat_map(|n| {
                n.regions
                    .iter()
                    .map(move |r| (format!("{}@{}", n.id, r.region), r.openstack_id.clone()))
            })
            .collect();
        let got: BTreeSet<(String, String)> = nets
            .iter()
            .map(|r| {
                (
                    format!("{}@{}", r["id"].as_str().unwrap(), r["region"].as_str().unwrap()),
                    r["openstackId"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, expected, "private networks (one row per region)");

        let s3 = cli.project_list(auth, &["cloud", "storage-s3"], id);
        assert_eq!(
            pairs(&s3, "name", "region"),
            set(p.s3_containers.iter().map(|c| (&c.name, &c.region))),
            "S3 containers"
        );

        let swift = cli.project_list(auth, &["cloud", "storage-swift"], id);
        assert_eq!(
            pairs(&swift, "id", "name"),
            set(p.swift_containers.iter().map(|c| (&c.id, &c.name))),
            "Swift containers"
        );
    }
}

#[test]
fn ovhcloud_cli_lists_match_the_simulator() {
    let Some(bin) = cli_binary() else { return };
    let sim = start();
    let help = Command::new(&bin)
        .env_clear()
        .env("HOME", std::env::temp_dir())
        .args(["cloud", "instance", "list", "--help"])
        .output()
        .expect("the ovhcloud CLI can be started");
    let help = String::from_utf8_lossy(&help.stdout);
    let project_flag = if help.contains("--cloud-project") {
        "--cloud-project"
    } else {
        "--service-name"
    };
    let cli = Cli {
        bin,
        api_url: sim.api_url(),
        project_flag,
    };
    let data = sim.dataset();
    check_all(&cli, &data, Auth::Bearer);
    check_all(&cli, &data, Auth::Signed);
    let counters = sim.counters();
    assert!(
        counters.by_credential.get(CK).copied().unwrap_or(0) > 0,
        "signed calls were made with the consumer key"
    );
    assert!(
        counters.by_credential.keys().any(|k| k.starts_with("bearer:")),
        "bearer calls were made"
    );
}

#[test]
fn ovhcloud_cli_reports_ovh_errors() {
    let Some(bin) = cli_binary() else { return };
    let sim = start();
    let cli = Cli {
        bin,
        api_url: sim.api_url(),
        project_flag: "--cloud-project",
    };
    let project = sim.dataset().projects[0].project.project_id.clone();
    sim.add_fault(ovh_sim::FaultRule::iam_denied(
        "/cloud/project/*/kube",
        "publicCloudProject:apiovh:kube/get",
    ));
    let dir = std::env::temp_dir().join(format!("ovh-sim-cli-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(&cli.bin)
        .env_clear()
        .env("HOME", &dir)
        .current_dir(&dir)
        .env("OVH_ENDPOINT", &cli.api_url)
        .env("OVH_ACCESS_TOKEN", TOKEN)
        .args(["cloud", "kube", "list", "--cloud-project", &project, "--json"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("the CLI prints a JSON error");
    let message = v["message"].as_str().unwrap();
    assert!(message.contains("status code 403"), "{message}");
    assert!(message.contains("publicCloudProject:apiovh:kube/get"), "{message}");
    assert!(message.contains("X-OVH-Query-Id"), "{message}");
}

#[test]
fn ovhcloud_cli_signs_against_a_skewed_server_clock() {
    let Some(bin) = cli_binary() else { return };
    let sim = start();
    sim.set_clock_offset(-3600);
    let cli = Cli {
        bin,
        api_url: sim.api_url(),
        project_flag: "--cloud-project",
    };
    let projects = rows(cli.run(Auth::Signed, &["cloud", "project", "list"]));
    assert_eq!(projects.len(), sim.dataset().projects.len());
    assert_eq!(
        sim.counters().path("/1.0/auth/time"),
        1,
        "go-ovh reads the server time once"
    );
}

/// Polls `ovhcloud cloud instance get` until the instance shows `want`.
fn wait_for_status(cli: &Cli, project: &str, instance: &str, want: &str) {
    let mut seen = Vec::new();
    for _ in 0..100 {
        let detail = cli.run(
            Auth::Bearer,
            &["cloud", "instance", "get", instance, "--cloud-project", project],
        );
        let status = detail["status"].as_str().unwrap_or_default().to_string();
        if status == want {
            return;
        }
        seen.push(status);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{instance} never reached {want}; it showed {seen:?}");
}

#[test]
fn ovhcloud_cli_stops_starts_and_reboots_instances() {
    let Some(bin) = cli_binary() else { return };
    let sim = Simulator::start_in_background(
        SimConfig::default()
            .credential(AK, AS, CK)
            .bearer_token(TOKEN)
            .projects(1)
            .per_type(4)
            .action_delay(std::time::Duration::from_millis(200)),
    )
    .expect("the simulator starts");
    let cli = Cli {
        bin,
        api_url: sim.api_url(),
        project_flag: "--cloud-project",
    };
    let data = sim.dataset();
    let project = data.projects[0].project.project_id.clone();
    let instance = data.projects[0]
        .instances
        .iter()
        .find(|i| i.status == "ACTIVE")
        .expect("an active instance")
        .id
        .clone();
    let act = |auth, args: &[&str]| {
        let mut all = vec!["cloud", "instance"];
        all.extend_from_slice(args);
        all.extend([instance.as_str(), "--cloud-project", &project]);
        cli.run(auth, &all)
    };
    let stopped = act(Auth::Signed, &["stop"]);
    assert!(stopped["message"].as_str().unwrap().contains("stopping"), "{stopped}");
    wait_for_status(&cli, &project, &instance, "SHUTOFF");
    act(Auth::Bearer, &["start"]);
    wait_for_status(&cli, &project, &instance, "ACTIVE");
    act(Auth::Signed, &["reboot", "--type", "hard"]);
    wait_for_status(&cli, &project, &instance, "ACTIVE");
    act(Auth::Bearer, &["reboot"]);
    wait_for_status(&cli, &project, &instance, "ACTIVE");
    let counters = sim.counters();
    assert_eq!(counters.route("/1.0/cloud/project/*/instance/*/stop"), 1);
    assert_eq!(counters.route("/1.0/cloud/project/*/instance/*/start"), 1);
    assert_eq!(counters.route("/1.0/cloud/project/*/instance/*/reboot"), 2);
}
