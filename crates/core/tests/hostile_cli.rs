//! The CLI engine reading hostile `ovhcloud` output: a table of hand-written
//! cases with the answer each must get, then a property test over random
//! output, exit codes and error text. The "CLI" is a tiny shell script that
//! prints what the case asks (unix only).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use aurora_core::api::StaticAccessToken;
use aurora_core::discovery::{CliEngine, CliOptions, Listing, ResourceKind, Source, TaskKey};
use aurora_core::{Auth, ErrorKind, SecretString, UserError};
use proptest::prelude::*;

const TOKEN: &str = "cli-hostile-token-8c1d2e3f4a5b6c7d";
const ENDPOINT: &str = "http://127.0.0.1:9/1.0";

/// One script for every case, written once: it sources `cmd` from the
/// directory it is called from (through a symlink), so no executable is
/// ever written while another test starts a process.
fn script() -> &'static Path {
    static SCRIPT: OnceLock<PathBuf> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!(
            "aurora-fake-cli-{}-{:08x}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("fake-ovhcloud");
        std::fs::write(&path, "#!/bin/sh\nD=$(/usr/bin/dirname \"$0\")\n. \"$D/cmd\"\n").unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        path
    })
}

/// What the fake CLI does.
#[derive(Clone, Debug)]
enum Exit {
    Code(i32),
    Signal,
}

struct FakeCli {
    dir: tempfile::TempDir,
}

impl FakeCli {
    fn new() -> FakeCli {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(script(), dir.path().join("ovhcloud")).unwrap();
        FakeCli { dir }
    }

    /// Prints `stdout` and `stderr` as given (byte for byte), then exits.
    fn prints(&self, stdout: &[u8], stderr: &[u8], exit: &Exit) -> &Self {
        std::fs::write(self.dir.path().join("out"), stdout).unwrap();
        std::fs::write(self.dir.path().join("err"), stderr).unwrap();
        let end = match exit {
            Exit::Code(c) => format!("exit {c}"),
            Exit::Signal => "kill -9 $$".to_owned(),
        };
        self.runs(&format!("/bin/cat \"$D/out\"\n/bin/cat \"$D/err\" >&2\n{end}\n"))
    }

    /// Any shell snippet (with `$D` the case directory).
    fn runs(&self, snippet: &str) -> &Self {
        std::fs::write(self.dir.path().join("cmd"), snippet).unwrap();
        self
    }

    async fn list(&self, options: CliOptions) -> Result<Listing, UserError> {
        self.list_task(options, TaskKey::account(ResourceKind::DedicatedServer))
            .await
    }

    async fn list_task(&self, options: CliOptions, task: TaskKey) -> Result<Listing, UserError> {
        let auth = Auth::bearer(StaticAccessToken(SecretString::new(TOKEN)));
        let engine = CliEngine::new(Ok(self.dir.path().join("ovhcloud")), ENDPOINT, auth)
            .unwrap()
            .with_options(options);
        engine.list(&task).await
    }
}

/// Room for a loaded machine; the hang case sets its own 1 s.
fn quick() -> CliOptions {
    CliOptions {
        timeout: Duration::from_secs(10),
        ..CliOptions::default()
    }
}

fn api_error(status: u16, class: &str, text: &str) -> Vec<u8> {
    let message = format!("🛑 failed to fetch results: OVHcloud API error (status code {status}): {class}: {text:?} (X-OVH-Query-Id: EU.ext-9.q1)");
    serde_json::json!({ "message": message, "error": true })
        .to_string()
        .into_bytes()
}

/// Checks every error Aurora shows, whatever the case.
fn assert_well_formed(e: &UserError, what: &str) {
    let all = format!("{} {}", e.message, e.solution.join(" "));
    assert!(!all.contains(TOKEN), "{what}: the access token is shown");
    assert!(!e.solution.is_empty(), "{what}: no solution");
    assert!(
        e.message.len() < 80 * 1024,
        "{what}: a message of {} bytes",
        e.message.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_cli_output_table() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let ansi = serde_json::json!({"message": "🛑 \u{1b}[31mboom\u{1b}[0m\u{7}", "error": true}).to_string();
    let echo = serde_json::json!({"message": format!("🛑 request failed with Authorization: Bearer {TOKEN} and token {TOKEN}"), "error": true}).to_string();
    let panic = format!(
        "panic: runtime error: index out of range\n{}",
        "goroutine 1 [running]:\n".repeat(50_000)
    );
    /// (case, stdout, stderr, exit, expected kind, expected message start)
    type Case<'a> = (&'a str, Vec<u8>, Vec<u8>, Exit, ErrorKind, &'a str);
    let cases: Vec<Case> = vec![
        (
            "binary garbage",
            b"\x00\xff\xfe garbage \x1b[2J".to_vec(),
            vec![],
            Exit::Code(0),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI printed output Aurora could not read (not valid JSON at line 1 column 1).",
        ),
        (
            "nothing at all",
            vec![],
            vec![],
            Exit::Code(0),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI printed output Aurora could not read (not valid JSON at line 1 column 0).",
        ),
        (
            "a table instead of JSON",
            b"+----+------+\n| id | name |\n".to_vec(),
            vec![],
            Exit::Code(0),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI printed output Aurora could not read (not valid JSON",
        ),
        (
            "an object, not a list",
            br#"{"id":"x"}"#.to_vec(),
            vec![],
            Exit::Code(0),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI printed JSON of an unexpected shape (not a list).",
        ),
        (
            "a number",
            b"42".to_vec(),
            vec![],
            Exit::Code(0),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI printed JSON of an unexpected shape (not a list).",
        ),
        (
            "truncated JSON",
            br#"[{"name":"ns1","#.to_vec(),
            vec![],
            Exit::Code(0),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI printed output Aurora could not read (not valid JSON",
        ),
        (
            "100,000 nested arrays",
            deep.into_bytes(),
            vec![],
            Exit::Code(0),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI printed output Aurora could not read (",
        ),
        (
            "garbage with exit 1",
            b"\x00\x01".to_vec(),
            b"Error: unknown command \"baremetal\"\n".to_vec(),
            Exit::Code(1),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI refused the command. Its error output:\nError: unknown command \"baremetal\"",
        ),
        (
            "terminal escapes in the message",
            ansi.into_bytes(),
            vec![],
            Exit::Code(1),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI reported an error: ",
        ),
        (
            "the token echoed back",
            echo.into_bytes(),
            vec![],
            Exit::Code(1),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI reported an error: request failed with Authorization: ***",
        ),
        (
            "a 403 naming an IAM action",
            api_error(
                403,
                "Client::Forbidden",
                "User not granted for this request (missing IAM permissions: dedicatedServer:apiovh:get)",
            ),
            vec![],
            Exit::Code(1),
            ErrorKind::IamDenied,
            "An OVH IAM policy does not allow the action dedicatedServer:apiovh:get.",
        ),
        (
            "a 429 through the CLI",
            api_error(429, "Client::TooManyRequests", "Too many requests"),
            vec![],
            Exit::Code(1),
            ErrorKind::RateLimited,
            "OVH is limiting how fast Aurora may call the API.",
        ),
        (
            "an odd status code",
            api_error(999, "", "odd"),
            vec![],
            Exit::Code(1),
            ErrorKind::RequestRejected,
            "OVH refused GET /dedicated/server: odd. Check the values you entered and try again.",
        ),
        (
            "an impossible status code",
            api_error(1000, "", "odd"),
            vec![],
            Exit::Code(1),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI reported an error: failed to fetch results: OVHcloud API error (status code 1000)",
        ),
        (
            "a Go panic with 1 MiB of trace",
            vec![],
            panic.into_bytes(),
            Exit::Code(2),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI crashed. Its error output:\npanic: runtime error: index out of range",
        ),
        (
            "an unexpected exit code",
            b"[]".to_vec(),
            vec![],
            Exit::Code(7),
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI stopped with exit code 7.",
        ),
        (
            "killed by a signal",
            b"[{\"name\":".to_vec(),
            vec![],
            Exit::Signal,
            ErrorKind::CliCommandFailed,
            "The ovhcloud CLI was stopped by a signal.",
        ),
    ];
    let cli = FakeCli::new();
    for (case, stdout, stderr, exit, kind, start) in &cases {
        let e = cli.prints(stdout, stderr, exit).list(quick()).await.expect_err(case);
        assert_eq!(e.kind, *kind, "{case}: {}", e.message);
        assert!(
            e.message.starts_with(start),
            "{case}: the message starts {:?}",
            e.message.chars().take(200).collect::<String>()
        );
        assert_well_formed(&e, case);
        assert!(
            e.solution
                .iter()
                .any(|s| s.starts_with("Try running the command manually to see detailed errors: OVH_ENDPOINT=")),
            "{case}: {:?}",
            e.solution
        );
    }

    // Shapes that are read: an empty list, `null`, and items discovery later skips.
    for (stdout, count) in [
        (&b"[]"[..], 0),
        (b"null", 0),
        (b"[1, \"x\", null, {\"name\": \"\\u0000\"}]", 4),
    ] {
        let listing = cli.prints(stdout, b"", &Exit::Code(0)).list(quick()).await.unwrap();
        assert_eq!(listing.objects.len(), count);
    }
}

#[tokio::test]
async fn a_huge_cli_error_message_is_cut() {
    let huge = serde_json::json!({"message": format!("🛑 {}", "x".repeat(1 << 20)), "error": true}).to_string();
    let e = FakeCli::new()
        .prints(huge.as_bytes(), b"", &Exit::Code(1))
        .list(quick())
        .await
        .unwrap_err();
    assert!(
        e.message.starts_with("The ovhcloud CLI reported an error: xxxx"),
        "{}",
        &e.message[..60]
    );
    assert_well_formed(&e, "a 1 MiB error message");
}

// Regrouping was quadratic (20,000 rows took 68 s); it is now indexed by id.
// How long it takes is the benchmarks' business: this checks the result.
#[tokio::test]
async fn many_private_network_rows_are_regrouped() {
    let rows: Vec<String> = (0..10_000)
        .map(|i| {
            format!(r#"{{"id":"n{i}","name":"net","vlanId":{i},"type":"private","region":"GRA11","status":"ACTIVE"}}"#)
        })
        .collect();
    let cli = FakeCli::new();
    cli.prints(format!("[{}]", rows.join(",")).as_bytes(), b"", &Exit::Code(0));
    let listing = cli
        .list_task(
            CliOptions::default(),
            TaskKey::project("p1", ResourceKind::PrivateNetwork),
        )
        .await
        .unwrap();
    assert_eq!(listing.objects.len(), 10_000);
    assert_eq!(listing.objects[9_999]["vlanId"], 9_999);
    assert_eq!(listing.objects[0]["regions"][0]["region"], "GRA11");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cli_printing_100_mb_or_hanging_is_stopped() {
    let cli = FakeCli::new();
    // The default cap (64 MiB): 100 MB is refused, not kept.
    let started = Instant::now();
    let e = cli
        .runs("/usr/bin/head -c 100000000 /dev/zero\n/bin/sleep 30\n")
        .list(CliOptions::default())
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        "The ovhcloud CLI printed more than 64 MiB while listing dedicated servers; Aurora stopped it. Switch this connection to the API engine in Settings, under \"Discovery engine\"."
    );
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    // 100 MB on stderr only: read and dropped, the listing still works.
    let listing = cli
        .runs("/usr/bin/head -c 100000000 /dev/zero >&2\necho '[]'\n")
        .list(quick())
        .await;
    assert_eq!(listing.map(|l| l.objects.len()), Ok(0));
    // A CLI that never finishes.
    let started = Instant::now();
    let e = cli
        .runs("/bin/sleep 30\n")
        .list(CliOptions {
            timeout: Duration::from_secs(1),
            ..CliOptions::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.message, "The ovhcloud CLI did not finish listing dedicated servers within 1 seconds. Check your network connection, then try again.");
    assert_eq!(e.solution[0], "Verify ovhcloud CLI is installed and configured");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// Output that reaches every branch of the interpreter.
fn stdout_strategy() -> impl Strategy<Value = Vec<u8>> {
    let text = prop_oneof![
        Just(TOKEN.to_owned()),
        ".{0,40}",
        "[a-z ]{0,20}(missing IAM permissions: [a-z:/]{1,20})"
    ];
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        Just(b"null".to_vec()),
        prop::collection::vec(
            prop_oneof![
                Just("{}".to_owned()),
                "\\{\"name\":\"[a-z0-9]{1,8}\"\\}",
                Just("1".to_owned())
            ],
            0..5
        )
        .prop_map(|items| format!("[{}]", items.join(",")).into_bytes()),
        (100u16..600, "[A-Za-z:]{0,20}", text.clone()).prop_map(|(s, c, t)| api_error(s, &c, &t)),
        text.clone()
            .prop_map(|t| serde_json::json!({"message": format!("🛑 {t}"), "error": true})
                .to_string()
                .into_bytes()),
        text.prop_map(|t| format!(
            "{{\"message\":\"🛑 error fetching /x: Get \\\"http://h/x\\\": {t}\",\"error\":true}}"
        )
        .into_bytes()),
    ]
}

fn exit_strategy() -> impl Strategy<Value = Exit> {
    prop_oneof![4 => (0..4i32).prop_map(Exit::Code), 1 => (4..256i32).prop_map(Exit::Code), 1 => Just(Exit::Signal)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// No output makes Aurora panic, show the token, or answer without a solution.
    #[test]
    fn any_cli_output_gets_a_listing_or_a_clear_error(
        stdout in stdout_strategy(),
        stderr in prop_oneof![Just(String::new()), ".{0,200}", Just(format!("error fetching /cloud/project/p/region/GRA/storage: token {TOKEN}\n"))],
        exit in exit_strategy(),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let cli = FakeCli::new();
        let answer = runtime.block_on(cli.prints(&stdout, stderr.as_bytes(), &exit).list(quick()));
        match answer {
            Ok(listing) => {
                prop_assert!(matches!(exit, Exit::Code(0)), "a listing from a failed run: {:?}", exit);
                if let Some(w) = &listing.warning {
                    assert_well_formed(w, "the warning");
                }
            }
            Err(e) => {
                assert_well_formed(&e, "the error");
                prop_assert!(e.message.ends_with('.') || e.message.contains("Its error output:\n") || e.message.starts_with("The ovhcloud CLI reported an error:"), "{}", e.message);
            }
        }
    }
}
