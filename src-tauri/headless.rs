//! `aurora discover`: the inventory of an OVH account on stdout, without a
//! window, for scripts and benchmarks.
//!
//! ```text
//! aurora discover --endpoint URL (--access-token-file PATH | --application-key AK
//!                 --application-secret-file PATH --consumer-key-file PATH)
//!                 [--engine cli|api] [--format json|csv] [--connection-id ID]
//! ```
//!
//! Secrets never come from the command line, where every local user sees
//! them (`ps`, `/proc/*/cmdline`) and shell history keeps them: they come from
//! `OVH_ACCESS_TOKEN`, or `OVH_APPLICATION_KEY` / `OVH_APPLICATION_SECRET` /
//! `OVH_CONSUMER_KEY`, or from a file only its owner may read (`-` reads
//! standard input). `--access-token`, `--application-secret` and
//! `--consumer-key` are refused with a message saying so. When any credential
//! option is given, the credential variables are ignored, so the two never mix.
//!
//! Exit status: 0 when every task succeeded, 1 when some task failed or was
//! cancelled (the inventory is still printed; each failure goes to stderr
//! with its solution), 2 when the command line or endpoint is wrong.

use std::io::Write;

use aurora_core::discovery::cli::CliLocator;
use aurora_core::discovery::{CancelToken, EngineKind, Inventory, Progress, RefreshEngines, TaskResult};
use aurora_core::{Auth, Endpoint, SecretString};
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
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut stdin = || {
        use std::io::Read;
        std::io::read_to_string(std::io::stdin().lock().take(MAX_SECRET_FILE + 1))
    };
    let request = match parse(args, &env, &mut stdin) {
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
    after_help = "Secrets never go on the command line (other local users see it in ps): use the environment variables OVH_ACCESS_TOKEN, or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY, or the --*-file options (a file only you may read, or - for standard input). \
                  Exit status: 0 all tasks succeeded, 1 some task failed, 2 usage error."
)]
struct Args {
    /// ovh-eu, ovh-ca, ovh-us, or an API base URL such as http://127.0.0.1:8080/1.0 [env: OVH_ENDPOINT]
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// A file holding the OAuth2 access token, readable by you only; - reads standard input [env: OVH_ACCESS_TOKEN]
    #[arg(long, value_name = "PATH")]
    access_token_file: Option<String>,
    /// [env: OVH_APPLICATION_KEY]
    #[arg(long, value_name = "AK")]
    application_key: Option<String>,
    /// A file holding the application secret, readable by you only; - reads standard input [env: OVH_APPLICATION_SECRET]
    #[arg(long, value_name = "PATH")]
    application_secret_file: Option<String>,
    /// A file holding the consumer key, readable by you only; - reads standard input [env: OVH_CONSUMER_KEY]
    #[arg(long, value_name = "PATH")]
    consumer_key_file: Option<String>,
    /// Default: the CLI when it is found (next to aurora, OVHCLOUD_CLI, PATH), else the API.
    #[arg(long, value_enum)]
    engine: Option<EngineChoice>,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// The connection id written in the inventory.
    #[arg(long, default_value = "headless")]
    connection_id: String,
}

/// Options that used to take a secret as their value, with what replaces them.
const SECRET_FLAGS: [(&str, &str, &str); 3] = [
    ("--access-token", "OVH_ACCESS_TOKEN", "--access-token-file"),
    (
        "--application-secret",
        "OVH_APPLICATION_SECRET",
        "--application-secret-file",
    ),
    ("--consumer-key", "OVH_CONSUMER_KEY", "--consumer-key-file"),
];

/// Refuses an option that would put a secret on the command line, without
/// quoting its value.
fn refuse_secret_flags(args: &[String]) -> Result<(), Usage> {
    for arg in args {
        for (flag, var, file_flag) in SECRET_FLAGS {
            let given = arg == flag || arg.strip_prefix(flag).is_some_and(|rest| rest.starts_with('='));
            if given {
                return Err(Usage::Message(format!(
                    "{flag} is not accepted: a secret on the command line is visible to every local user (ps) and stays in shell history. \
                     Set {var}, or use {file_flag} PATH (a file only you may read, chmod 600) or {file_flag} - (standard input)."
                )));
            }
        }
    }
    Ok(())
}

/// The largest secret file read; OVH's tokens and keys are far shorter.
const MAX_SECRET_FILE: u64 = 64 * 1024;

/// Reads a secret from `path` (or standard input for `-`), trimmed of
/// surrounding whitespace. The file must be a regular file that neither group
/// nor others may access.
fn read_secret(option: &str, path: &str, stdin: &mut dyn FnMut() -> std::io::Result<String>) -> Result<String, Usage> {
    use std::io::Read;
    let text = if path == "-" {
        stdin().map_err(|e| Usage::Message(format!("{option} -: standard input could not be read ({e}).")))?
    } else {
        let failed = |e: std::io::Error| {
            Usage::Message(format!(
                "{option}: the file {path} could not be read ({e}). Check the path and that you may read it."
            ))
        };
        let file = std::fs::File::open(path).map_err(failed)?;
        let meta = file.metadata().map_err(failed)?;
        if !meta.is_file() {
            return Err(Usage::Message(format!(
                "{option}: {path} is not a regular file. Give a file holding only the secret, or - for standard input."
            )));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(Usage::Message(format!(
                    "{option}: {path} may be read by other users (mode {:03o}). Make it private with chmod 600 {path}, then try again.",
                    mode & 0o777
                )));
            }
        }
        let mut text = String::new();
        file.take(MAX_SECRET_FILE + 1)
            .read_to_string(&mut text)
            .map_err(failed)?;
        text
    };
    if text.len() as u64 > MAX_SECRET_FILE {
        return Err(Usage::Message(format!(
            "{option}: {path} holds more than 64 KiB; it should hold only the secret."
        )));
    }
    let secret = text.trim();
    if secret.is_empty() {
        return Err(Usage::Message(format!(
            "{option}: {path} is empty; it should hold the secret."
        )));
    }
    Ok(secret.to_owned())
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

fn parse(
    args: &[String],
    env: &dyn Fn(&str) -> Option<String>,
    stdin: &mut dyn FnMut() -> std::io::Result<String>,
) -> Result<Request, Usage> {
    refuse_secret_flags(args)?;
    let args = Args::try_parse_from(args).map_err(Usage::Clap)?;
    let endpoint_text = args.endpoint.or_else(|| env("OVH_ENDPOINT")).ok_or_else(|| {
        Usage::Message(
            "no endpoint given. Pass --endpoint ovh-eu (or ovh-ca, ovh-us, or an API base URL), or set OVH_ENDPOINT."
                .into(),
        )
    })?;
    let endpoint = Endpoint::parse(&endpoint_text).map_err(|e| Usage::Message(e.to_string()))?;

    let files = [
        ("--access-token-file", &args.access_token_file),
        ("--application-secret-file", &args.application_secret_file),
        ("--consumer-key-file", &args.consumer_key_file),
    ];
    if files.iter().filter(|(_, path)| path.as_deref() == Some("-")).count() > 1 {
        return Err(Usage::Message(
            "only one secret can come from standard input (-). Give the others in files or environment variables."
                .into(),
        ));
    }
    let from_args = args.application_key.is_some() || files.iter().any(|(_, path)| path.is_some());
    let mut secrets = Vec::with_capacity(3);
    for ((option, path), var) in files
        .iter()
        .zip(["OVH_ACCESS_TOKEN", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY"])
    {
        secrets.push(match (from_args, path) {
            (true, Some(path)) => Some(read_secret(option, path, stdin)?),
            (true, None) => None,
            (false, _) => env(var),
        });
    }
    let application_key = if from_args {
        args.application_key
    } else {
        env("OVH_APPLICATION_KEY")
    };
    let [token, application_secret, consumer_key]: [Option<String>; 3] =
        secrets.try_into().unwrap_or([None, None, None]);
    let keys = [application_key, application_secret, consumer_key];
    let credentials = match (token, keys) {
        (Some(token), [None, None, None]) => Credentials::Token(SecretString::new(token)),
        (None, [Some(ak), Some(as_), Some(ck)]) => Credentials::Keys { application_key: ak, application_secret: SecretString::new(as_), consumer_key: SecretString::new(ck) },
        (Some(_), _) => {
            return Err(Usage::Message(
                "give either an access token or application keys, not both. Use --access-token-file alone, or --application-key, --application-secret-file and --consumer-key-file.".into(),
            ))
        }
        (None, [None, None, None]) => {
            return Err(Usage::Message(
                "no credentials given. Set OVH_ACCESS_TOKEN, or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY, or pass --access-token-file PATH (or --application-key with --application-secret-file and --consumer-key-file).".into(),
            ))
        }
        (None, keys) => {
            let names = ["--application-key (OVH_APPLICATION_KEY)", "--application-secret-file (OVH_APPLICATION_SECRET)", "--consumer-key-file (OVH_CONSUMER_KEY)"];
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
        &CliLocator::from_environment(None),
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
            ("discover --endpoint ovh-eu --access-token s3cr3t-value", "OVH_ACCESS_TOKEN", "--access-token-file"),
            ("discover --endpoint ovh-eu --access-token=s3cr3t-value", "OVH_ACCESS_TOKEN", "--access-token-file"),
            (
                "discover --endpoint ovh-eu --application-key ak --application-secret s3cr3t-value --consumer-key-file /x",
                "OVH_APPLICATION_SECRET",
                "--application-secret-file",
            ),
            ("discover --consumer-key=s3cr3t-value", "OVH_CONSUMER_KEY", "--consumer-key-file"),
        ] {
            let m = message(line, &token_env);
            assert!(m.contains("is not accepted") && m.contains(var) && m.contains(file_flag), "{line}: {m}");
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
        assert!(
            message("discover --endpoint ovh-eu", &no_env).starts_with("no credentials given. Set OVH_ACCESS_TOKEN")
        );
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
}
