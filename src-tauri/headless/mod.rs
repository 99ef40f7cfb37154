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

mod command_line;
#[cfg(test)]
mod tests;

use std::io::Write;

use aurora_core::discovery::cli::CliLocator;
use aurora_core::discovery::{CancelToken, EngineKind, Inventory, Progress, RefreshEngines, TaskResult};
use command_line::{parse, EngineChoice, Format, Request, Usage, MAX_SECRET_FILE};
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
