//! `aurora discover`: the inventory of an OVH account on stdout, without a
//! window, for scripts and benchmarks.
//!
//! ```text
//! aurora discover --endpoint URL (--access-token T | --application-key AK --application-secret AS --consumer-key CK)
//!                 [--engine cli|api] [--format json|csv] [--connection-id ID]
//! ```
//!
//! Credentials are best given through `OVH_ACCESS_TOKEN`, or
//! `OVH_APPLICATION_KEY` / `OVH_APPLICATION_SECRET` / `OVH_CONSUMER_KEY`
//! (and `OVH_ENDPOINT`): arguments are visible to every local user in `ps`.
//! When any credential argument is given, the credential variables are
//! ignored, so the two never mix.
//!
//! Exit status: 0 when every task succeeded, 1 when some task failed or was
//! cancelled (the inventory is still printed; each failure goes to stderr
//! with its solution), 2 when the command line or endpoint is wrong.

use std::io::Write;

use aurora_core::discovery::{CancelToken, EngineKind, Inventory, Progress, RefreshEngines, TaskResult};
use aurora_core::{Auth, Endpoint, Region, SecretString};
use clap::{Parser, ValueEnum};

/// The first argument that selects this mode.
pub const SUBCOMMAND: &str = "discover";

/// True when the process arguments (without the program name) ask for `aurora discover`.
pub fn is_headless(args: &[String]) -> bool {
    args.first().map(String::as_str) == Some(SUBCOMMAND)
}

/// Runs `aurora discover`; `args` are the process arguments without the
/// program name, starting with `discover`. Returns the exit status.
pub fn run(args: &[String]) -> i32 {
    let request = match parse(args, &|name| std::env::var(name).ok().filter(|v| !v.is_empty())) {
        Ok(request) => request,
        Err(Usage::Clap(e)) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { 0 };
        }
        Err(Usage::Message(message)) => {
            eprintln!("aurora discover: {message}");
            return EXIT_USAGE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("aurora discover: the async runtime could not start ({e}). Check the system's limits on threads and open files, then try again.");
            return EXIT_USAGE;
        }
    };
    runtime.block_on(execute(request))
}

const EXIT_TASK_FAILED: i32 = 1;
const EXIT_USAGE: i32 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EngineChoice {
    /// The bundled ovhcloud CLI.
    Cli,
    /// Aurora's own API client.
    Api,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Csv,
}

#[derive(Debug, Parser)]
#[command(
    name = "aurora discover",
    about = "Prints the normalized inventory of an OVHcloud account.",
    disable_version_flag = true,
    after_help = "Prefer the environment variables OVH_ENDPOINT, OVH_ACCESS_TOKEN, or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY: \
                  command-line arguments are visible to other local users (ps). Exit status: 0 all tasks succeeded, 1 some task failed, 2 usage error."
)]
struct Args {
    /// ovh-eu, ovh-ca, ovh-us, or an API base URL such as http://127.0.0.1:8080/1.0 [env: OVH_ENDPOINT]
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// OAuth2 access token [env: OVH_ACCESS_TOKEN]
    #[arg(long, value_name = "T")]
    access_token: Option<String>,
    /// [env: OVH_APPLICATION_KEY]
    #[arg(long, value_name = "AK")]
    application_key: Option<String>,
    /// [env: OVH_APPLICATION_SECRET]
    #[arg(long, value_name = "AS")]
    application_secret: Option<String>,
    /// [env: OVH_CONSUMER_KEY]
    #[arg(long, value_name = "CK")]
    consumer_key: Option<String>,
    /// Default: the CLI when it is found (next to aurora, OVHCLOUD_CLI, PATH), else the API.
    #[arg(long, value_enum)]
    engine: Option<EngineChoice>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// The connection id written in the inventory.
    #[arg(long, default_value = "headless")]
    connection_id: String,
}

/// Everything `execute` needs, validated.
struct Request {
    endpoint: Endpoint,
    credentials: Credentials,
    engine: Option<EngineChoice>,
    format: Format,
    connection_id: String,
}

#[derive(Debug, PartialEq)]
enum Credentials {
    Token(SecretString),
    Keys {
        application_key: String,
        application_secret: SecretString,
        consumer_key: SecretString,
    },
}

impl Credentials {
    fn auth(&self) -> Auth {
        match self {
            Credentials::Token(t) => Auth::bearer(aurora_core::api::StaticAccessToken(t.clone())),
            Credentials::Keys {
                application_key,
                application_secret,
                consumer_key,
            } => Auth::signed(
                application_key.clone(),
                application_secret.clone(),
                consumer_key.clone(),
            ),
        }
    }
}

#[derive(Debug)]
enum Usage {
    /// Help, or a malformed command line (clap prints it).
    Clap(clap::Error),
    Message(String),
}

fn parse(args: &[String], env: &dyn Fn(&str) -> Option<String>) -> Result<Request, Usage> {
    let args = Args::try_parse_from(args).map_err(Usage::Clap)?;
    let endpoint_text = args.endpoint.or_else(|| env("OVH_ENDPOINT")).ok_or_else(|| {
        Usage::Message(
            "no endpoint given. Pass --endpoint ovh-eu (or ovh-ca, ovh-us, or an API base URL), or set OVH_ENDPOINT."
                .into(),
        )
    })?;
    let endpoint = parse_endpoint(&endpoint_text).map_err(Usage::Message)?;

    let from_args = [
        &args.access_token,
        &args.application_key,
        &args.application_secret,
        &args.consumer_key,
    ]
    .iter()
    .any(|v| v.is_some());
    let pick = |given: Option<String>, var: &str| if from_args { given } else { env(var) };
    let token = pick(args.access_token, "OVH_ACCESS_TOKEN");
    let keys = [
        pick(args.application_key, "OVH_APPLICATION_KEY"),
        pick(args.application_secret, "OVH_APPLICATION_SECRET"),
        pick(args.consumer_key, "OVH_CONSUMER_KEY"),
    ];
    let credentials = match (token, keys) {
        (Some(token), [None, None, None]) => Credentials::Token(SecretString::new(token)),
        (None, [Some(ak), Some(as_), Some(ck)]) => Credentials::Keys { application_key: ak, application_secret: SecretString::new(as_), consumer_key: SecretString::new(ck) },
        (Some(_), _) => {
            return Err(Usage::Message(
                "give either an access token or application keys, not both. Use --access-token alone, or --application-key, --application-secret and --consumer-key.".into(),
            ))
        }
        (None, [None, None, None]) => {
            return Err(Usage::Message(
                "no credentials given. Set OVH_ACCESS_TOKEN, or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY (preferred: arguments show in ps), or pass the matching options.".into(),
            ))
        }
        (None, keys) => {
            let names = ["--application-key (OVH_APPLICATION_KEY)", "--application-secret (OVH_APPLICATION_SECRET)", "--consumer-key (OVH_CONSUMER_KEY)"];
            let missing: Vec<&str> = names.iter().zip(&keys).filter(|(_, v)| v.is_none()).map(|(n, _)| *n).collect();
            return Err(Usage::Message(format!("application keys are incomplete: {} missing. Give all three, or an access token instead.", missing.join(" and "))));
        }
    };
    Ok(Request {
        endpoint,
        credentials,
        engine: args.engine,
        format: args.format,
        connection_id: args.connection_id,
    })
}

fn parse_endpoint(text: &str) -> Result<Endpoint, String> {
    let text = text.trim();
    let endpoint = if text.contains("://") {
        Endpoint::custom(text.trim_end_matches('/'))
    } else {
        text.parse::<Region>().and_then(Endpoint::builtin)
    };
    endpoint.map_err(|e| e.to_string())
}

async fn execute(request: Request) -> i32 {
    let engine = match request.engine.unwrap_or(EngineChoice::Api) {
        EngineChoice::Cli => EngineKind::Cli,
        EngineChoice::Api => EngineKind::Api,
    };
    let engines = match RefreshEngines::new(
        &request.endpoint,
        request.credentials.auth(),
        None,
        engine,
        &Progress::none(),
    ) {
        Ok(engines) => engines,
        Err(e) => return usage_error(&e),
    };
    if request.engine.is_none() {
        eprintln!("aurora discover: using the API engine (choose with --engine cli|api).");
    }

    let cancel = CancelToken::new();
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("aurora discover: interrupted; stopping the running tasks.");
            on_interrupt.cancel();
        }
    });
    let (inventory, _) = engines
        .run(&request.connection_id, &Progress::none(), &cancel, false)
        .await;

    let text = match request.format {
        Format::Json => serde_json::to_string_pretty(&inventory).map(|mut t| {
            t.push('\n');
            t
        }),
        Format::Csv => Ok(to_csv(&inventory)),
    };
    let printed = match text {
        Ok(text) => std::io::stdout().lock().write_all(text.as_bytes()),
        Err(e) => Err(std::io::Error::other(e)),
    };
    if let Err(e) = printed {
        eprintln!("aurora discover: the inventory could not be written to stdout ({e}).");
        return EXIT_TASK_FAILED;
    }
    report_failures(&inventory, &mut std::io::stderr().lock());
    if inventory.is_complete() {
        0
    } else {
        EXIT_TASK_FAILED
    }
}

fn usage_error(e: &aurora_core::UserError) -> i32 {
    eprintln!("aurora discover: {}", e.message);
    EXIT_USAGE
}

/// One paragraph per task that did not succeed (messages never hold a secret).
fn report_failures(inventory: &Inventory, out: &mut dyn Write) {
    for outcome in &inventory.tasks {
        let _ = match &outcome.result {
            TaskResult::Ok { warning: Some(w), .. } => writeln!(out, "warning: {}: {}", outcome.task, w.message),
            TaskResult::Ok { .. } => Ok(()),
            TaskResult::Cancelled => writeln!(out, "cancelled: {}", outcome.task),
            TaskResult::Failed { error } => {
                let _ = writeln!(out, "failed: {}: {}", outcome.task, error.message);
                error.solution.iter().try_for_each(|line| writeln!(out, "  - {line}"))
            }
        };
    }
}

fn to_csv(inventory: &Inventory) -> String {
    let mut out = Vec::new();
    aurora_core::store::write_csv(&mut out, &inventory.resources).expect("writing to memory succeeds");
    String::from_utf8(out).expect("the CSV of UTF-8 texts is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use aurora_core::discovery::{EngineKind, Resource, ResourceKind, Status, StatusClass, TaskKey, TaskOutcome};
    use aurora_core::UserError;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn parse_ok(line: &str, env: &dyn Fn(&str) -> Option<String>) -> Request {
        match parse(&args(line), env) {
            Ok(r) => r,
            Err(e) => panic!("{line}: {e:?}"),
        }
    }

    fn message(line: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
        match parse(&args(line), env) {
            Err(Usage::Message(m)) => m,
            Err(Usage::Clap(e)) => e.to_string(),
            Ok(_) => panic!("{line} should be refused"),
        }
    }

    #[test]
    fn recognises_the_subcommand() {
        assert!(is_headless(&args("discover --endpoint ovh-eu")));
        assert!(!is_headless(&args("--demo")));
        assert!(!is_headless(&[]));
    }

    #[test]
    fn token_or_keys_from_arguments() {
        let r = parse_ok(
            "discover --endpoint http://127.0.0.1:8080/1.0/ --access-token tok --engine api --format csv",
            &no_env,
        );
        assert_eq!(r.endpoint.api_base_str(), "http://127.0.0.1:8080/1.0");
        assert_eq!(r.credentials, Credentials::Token(SecretString::new("tok")));
        assert_eq!(
            (r.engine, r.format, r.connection_id.as_str()),
            (Some(EngineChoice::Api), Format::Csv, "headless")
        );

        let r = parse_ok("discover --endpoint ovh-ca --application-key ak --application-secret as --consumer-key ck --connection-id c9", &no_env);
        assert_eq!(r.endpoint.region, Region::OvhCa);
        assert!(matches!(&r.credentials, Credentials::Keys { application_key, .. } if application_key == "ak"));
        assert_eq!(
            (r.engine, r.format, r.connection_id.as_str()),
            (None, Format::Json, "c9")
        );
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
        // An argument wins, and the variables' keys do not join it.
        let r = parse_ok("discover --endpoint ovh-eu --access-token t", &env);
        assert_eq!(
            (r.endpoint.region, r.credentials),
            (Region::OvhEu, Credentials::Token(SecretString::new("t")))
        );
        assert!(message("discover --application-key ak", &env)
            .contains("--application-secret (OVH_APPLICATION_SECRET) and --consumer-key (OVH_CONSUMER_KEY) missing"));
    }

    #[test]
    fn refusals_say_what_to_do() {
        assert!(message("discover --access-token t", &no_env).starts_with("no endpoint given. Pass --endpoint"));
        assert!(
            message("discover --endpoint ovh-eu", &no_env).starts_with("no credentials given. Set OVH_ACCESS_TOKEN")
        );
        assert!(
            message("discover --endpoint ovh-eu --access-token t --consumer-key ck", &no_env)
                .starts_with("give either an access token or application keys")
        );
        assert!(message("discover --endpoint ovh-mars --access-token t", &no_env).contains("is not an OVHcloud region"));
        assert!(
            message("discover --endpoint http://example.com/1.0 --access-token t", &no_env).contains("must use https")
        );
        assert!(
            message("discover --endpoint ovh-eu --access-token t --engine ssh", &no_env)
                .contains("invalid value 'ssh'")
        );
        assert!(
            message("discover --endpoint ovh-eu --access-token t --format xml", &no_env)
                .contains("invalid value 'xml'")
        );
        assert!(message("discover --bogus", &no_env).contains("--bogus"));
    }

    #[test]
    fn refusals_never_echo_a_secret() {
        for line in [
            "discover --endpoint ovh-mars --access-token s3cr3t-token-value",
            "discover --endpoint ovh-eu --access-token s3cr3t-token-value --consumer-key s3cr3t-ck-value",
            "discover --endpoint ovh-eu --application-secret s3cr3t-as-value",
        ] {
            let m = message(line, &no_env);
            assert!(!m.contains("s3cr3t"), "{m}");
        }
    }

    #[test]
    fn help_is_not_an_error() {
        match parse(&args("discover --help"), &no_env) {
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
        let line = format!(
            "discover --endpoint {} --access-token headless-test-token --engine api --format csv",
            sim.api_url()
        );
        assert_eq!(execute(parse_ok(&line, &no_env)).await, 0);
        sim.add_fault(ovh_sim::FaultRule::iam_denied(
            "/dedicated/server",
            "dedicatedServer:apiovh:get",
        ));
        assert_eq!(execute(parse_ok(&line, &no_env)).await, EXIT_TASK_FAILED);
    }

    #[test]
    fn failures_are_listed_with_solutions() {
        let mut err = Vec::new();
        report_failures(&inventory(), &mut err);
        let text = String::from_utf8(err).unwrap();
        assert_eq!(text, "failed: Managed Kubernetes clusters in project p1: Boom. Try again.\n  - Try again; if it happens again, report it with Aurora's log file\n");
    }
}
