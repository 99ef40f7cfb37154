use super::command_line::Credentials;
use super::*;
use aurora_core::discovery::{EngineKind, Resource, ResourceKind, Status, StatusClass, TaskKey, TaskOutcome};
use aurora_core::SecretString;
use aurora_core::{Region, UserError};

fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_owned).collect()
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn no_stdin() -> std::io::Result<String> {
    Err(std::io::Error::other("no standard input in this test"))
}

fn parse_with(line: &str, env: &dyn Fn(&str) -> Option<String>, stdin: &str) -> Result<Request, Usage> {
    let stdin = stdin.to_owned();
    parse(&args(line), env, &mut move || Ok(stdin.clone()))
}

fn parse_ok(line: &str, env: &dyn Fn(&str) -> Option<String>) -> Request {
    match parse(&args(line), env, &mut no_stdin) {
        Ok(r) => r,
        Err(e) => panic!("{line}: {e:?}"),
    }
}

fn message(line: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
    match parse(&args(line), env, &mut no_stdin) {
        Err(Usage::Message(m)) => m,
        Err(Usage::Clap(e)) => e.to_string(),
        Ok(_) => panic!("{line} should be refused"),
    }
}

/// A secret file with `mode`, in a directory removed with the returned guard.
fn secret_file(content: &str, mode: u32) -> (tempfile::TempDir, String) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret");
    std::fs::write(&path, content).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    let path = path.to_str().unwrap().to_owned();
    (dir, path)
}

fn token_env(name: &str) -> Option<String> {
    (name == "OVH_ACCESS_TOKEN").then(|| "tok".to_owned())
}

#[test]
fn recognises_the_subcommand() {
    assert!(is_headless(&args("discover --endpoint ovh-eu")));
    assert!(!is_headless(&args("--demo")));
    assert!(!is_headless(&[]));
}

#[test]
fn token_or_keys_from_private_files_or_standard_input() {
    let (_dir, token) = secret_file("tok\n", 0o600);
    let r = parse_ok(
        &format!(
            "discover --endpoint http://127.0.0.1:8080/1.0/ --access-token-file {token} --engine api --format csv"
        ),
        &no_env,
    );
    assert_eq!(r.endpoint.api_base_str(), "http://127.0.0.1:8080/1.0");
    assert_eq!(r.credentials, Credentials::Token(SecretString::new("tok")));
    assert_eq!(
        (r.engine, r.format, r.connection_id.as_str()),
        (Some(EngineChoice::Api), Format::Csv, "headless")
    );

    let (_dir2, ck) = secret_file("ck", 0o400);
    let line = format!("discover --endpoint ovh-ca --application-key ak --application-secret-file - --consumer-key-file {ck} --connection-id c9");
    let Ok(r) = parse_with(&line, &no_env, "  as-from-stdin\n") else {
        panic!("{line} should parse")
    };
    assert_eq!(r.endpoint.region, Region::OvhCa);
    assert_eq!(
        r.credentials,
        Credentials::Keys {
            application_key: "ak".into(),
            application_secret: SecretString::new("as-from-stdin"),
            consumer_key: SecretString::new("ck"),
        }
    );
    assert_eq!(
        (r.engine, r.format, r.connection_id.as_str()),
        (None, Format::Json, "c9")
    );
}

/// Issue 18 point 1: secrets given as arguments show in `ps` and
/// `/proc/*/cmdline`; the old options are refused without echoing the value.
#[test]
fn secrets_on_the_command_line_are_refused_with_what_to_use_instead() {
    for (line, var, file_flag) in [
        (
            "discover --endpoint ovh-eu --access-token s3cr3t-value",
            "OVH_ACCESS_TOKEN",
            "--access-token-file",
        ),
        (
            "discover --endpoint ovh-eu --access-token=s3cr3t-value",
            "OVH_ACCESS_TOKEN",
            "--access-token-file",
        ),
        (
            "discover --endpoint ovh-eu --application-key ak --application-secret s3cr3t-value --consumer-key-file /x",
            "OVH_APPLICATION_SECRET",
            "--application-secret-file",
        ),
        (
            "discover --consumer-key=s3cr3t-value",
            "OVH_CONSUMER_KEY",
            "--consumer-key-file",
        ),
    ] {
        let m = message(line, &token_env);
        assert!(
            m.contains("is not accepted") && m.contains(var) && m.contains(file_flag),
            "{line}: {m}"
        );
        assert!(m.contains("visible to every local user"), "{m}");
        assert!(!m.contains("s3cr3t"), "{m}");
    }
}

#[test]
fn a_secret_file_others_may_read_is_refused() {
    for mode in [0o644, 0o640, 0o604, 0o660] {
        let (_dir, path) = secret_file("s3cr3t-token", mode);
        let m = message(
            &format!("discover --endpoint ovh-eu --access-token-file {path}"),
            &no_env,
        );
        assert!(
            m.contains("may be read by other users") && m.contains("chmod 600"),
            "{mode:o}: {m}"
        );
        assert!(!m.contains("s3cr3t"), "{m}");
    }
    let dir = tempfile::tempdir().unwrap();
    let m = message(
        &format!(
            "discover --endpoint ovh-eu --access-token-file {}",
            dir.path().display()
        ),
        &no_env,
    );
    assert!(m.contains("is not a regular file"), "{m}");
    let (_dir, empty) = secret_file("\n", 0o600);
    let m = message(
        &format!("discover --endpoint ovh-eu --access-token-file {empty}"),
        &no_env,
    );
    assert!(m.contains("is empty"), "{m}");
    let m = message(
        "discover --endpoint ovh-eu --access-token-file /nonexistent/aurora-token",
        &no_env,
    );
    assert!(m.contains("could not be read"), "{m}");
    let m = match parse_with(
        "discover --endpoint ovh-eu --application-key ak --application-secret-file - --consumer-key-file -",
        &no_env,
        "x",
    ) {
        Err(Usage::Message(m)) => m,
        _ => panic!("two secrets from standard input should be refused"),
    };
    assert!(m.contains("only one secret can come from standard input"), "{m}");
}

#[test]
fn environment_variables_are_read_but_never_mixed_with_arguments() {
    let env = |name: &str| match name {
        "OVH_ENDPOINT" => Some("ovh-us".to_owned()),
        "OVH_APPLICATION_KEY" => Some("env-ak".to_owned()),
        "OVH_APPLICATION_SECRET" => Some("env-as".to_owned()),
        "OVH_CONSUMER_KEY" => Some("env-ck".to_owned()),
        _ => None,
    };
    let r = parse_ok("discover", &env);
    assert_eq!(r.endpoint.region, Region::OvhUs);
    assert!(matches!(&r.credentials, Credentials::Keys { application_key, .. } if application_key == "env-ak"));
    // An option wins, and the variables' keys do not join it.
    let (_dir, token) = secret_file("t", 0o600);
    let r = parse_ok(&format!("discover --endpoint ovh-eu --access-token-file {token}"), &env);
    assert_eq!(
        (r.endpoint.region, r.credentials),
        (Region::OvhEu, Credentials::Token(SecretString::new("t")))
    );
    assert!(message("discover --application-key ak", &env).contains(
        "--application-secret-file (OVH_APPLICATION_SECRET) and --consumer-key-file (OVH_CONSUMER_KEY) missing"
    ));
}

#[test]
fn refusals_say_what_to_do() {
    assert!(message("discover", &token_env).starts_with("no endpoint given. Pass --endpoint"));
    assert!(message("discover --endpoint ovh-eu", &no_env).starts_with("no credentials given. Set OVH_ACCESS_TOKEN"));
    let (_dir, token) = secret_file("t", 0o600);
    assert!(message(
        &format!("discover --endpoint ovh-eu --access-token-file {token} --consumer-key-file {token}"),
        &no_env
    )
    .starts_with("give either an access token or application keys"));
    assert!(message("discover --endpoint ovh-mars", &token_env).contains("is not an OVHcloud region"));
    assert!(message("discover --endpoint http://example.com/1.0", &token_env).contains("must use https"));
    assert!(message("discover --endpoint ovh-eu --engine ssh", &token_env).contains("invalid value 'ssh'"));
    assert!(message("discover --endpoint ovh-eu --format xml", &token_env).contains("invalid value 'xml'"));
    assert!(message("discover --bogus", &no_env).contains("--bogus"));
}

#[test]
fn help_is_not_an_error() {
    match parse(&args("discover --help"), &no_env, &mut no_stdin) {
        Err(Usage::Clap(e)) => {
            assert!(!e.use_stderr());
            assert!(e.to_string().contains("OVH_ACCESS_TOKEN"), "{e}");
        }
        _ => panic!("--help should print help"),
    }
}

fn inventory() -> Inventory {
    let resource = |id: &str, name: &str| Resource {
        connection_id: "c".into(),
        project_id: Some("p1".into()),
        kind: ResourceKind::ObjectStorageS3,
        id: id.into(),
        name: name.into(),
        region: Some("GRA".into()),
        status: Status {
            class: StatusClass::InProgress,
            raw: Some("BUILD".into()),
        },
        created: None,
        fields: Default::default(),
        raw: serde_json::Value::Null,
    };
    Inventory {
        connection_id: "c".into(),
        engine: EngineKind::Api,
        resources: vec![
            resource("GRA/a", "plain"),
            resource("GRA/b", "=HYPERLINK(\"x\"), \"q\""),
        ],
        tasks: vec![
            TaskOutcome {
                task: TaskKey::project("p1", ResourceKind::Kubernetes),
                result: TaskResult::Failed {
                    error: UserError::internal("Boom. Try again."),
                },
                duration_ms: 1,
            },
            TaskOutcome {
                task: TaskKey::project("p1", ResourceKind::ObjectStorageS3),
                result: TaskResult::Ok {
                    count: 2,
                    skipped: 0,
                    warning: None,
                },
                duration_ms: 1,
            },
        ],
        taken_at: "2026-11-28T12:00:00Z".into(),
    }
}

#[test]
fn csv_rows() {
    let csv = to_csv(&inventory());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], aurora_core::store::CSV_HEADER);
    assert_eq!(lines[1], "p1,objectStorageS3,GRA/a,plain,GRA,in_progress,BUILD,");
    assert_eq!(
        lines[2],
        "p1,objectStorageS3,GRA/b,\"'=HYPERLINK(\"\"x\"\"), \"\"q\"\"\",GRA,in_progress,BUILD,"
    );
    assert_eq!(aurora_core::store::csv_cell("-1"), "'-1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_status_against_the_simulator() {
    let sim = ovh_sim::Simulator::start(
        ovh_sim::SimConfig::default()
            .projects(1)
            .per_type(1)
            .dedicated_servers(1)
            .bearer_token("headless-test-token"),
    )
    .await
    .unwrap();
    let line = format!("discover --endpoint {} --engine api --format csv", sim.api_url());
    let env = |name: &str| (name == "OVH_ACCESS_TOKEN").then(|| "headless-test-token".to_owned());
    assert_eq!(execute(parse_ok(&line, &env)).await, 0);
    sim.add_fault(ovh_sim::FaultRule::iam_denied(
        "/dedicated/server",
        "dedicatedServer:apiovh:get",
    ));
    assert_eq!(execute(parse_ok(&line, &env)).await, EXIT_TASK_FAILED);
}

#[test]
fn failures_are_listed_with_solutions() {
    let mut err = Vec::new();
    report_failures(&inventory(), &mut err);
    let text = String::from_utf8(err).unwrap();
    assert_eq!(text, "failed: Managed Kubernetes clusters in project p1: Boom. Try again.\n  - Try again; if it happens again, report it with Aurora's log file\n");
}
