//! The measured side of one run: `aurora-bench run-once --engine E` runs one
//! discovery in this fresh process and prints a [`RunReport`] as JSON, so the
//! parent reads this process's own peak memory rather than its own.

use std::sync::Arc;
use std::time::Instant;

use aurora_core::api::StaticAccessToken;
use aurora_core::discovery::{discover, ApiEngine, CancelToken, CliEngine, Inventory, Progress, Source};
use aurora_core::{Auth, Endpoint, SecretString};

use crate::baseline;
use crate::engine_settings;
use crate::memory;
use crate::options::{EngineName, RunOnceArgs, TOKEN_ENV};
use crate::run_report::RunReport;

pub async fn run(args: RunOnceArgs) -> Result<RunReport, String> {
    let token = std::env::var(TOKEN_ENV)
        .map_err(|_| format!("{TOKEN_ENV} is not set: run-once is started by `aurora-bench discovery`."))?;
    let cli = || {
        args.cli
            .clone()
            .ok_or_else(|| "This engine needs --cli, the path of an ovhcloud binary.".to_owned())
    };
    let rss_before_kib = memory::own_resident_kib();
    let started = Instant::now();
    let mut report = match args.engine {
        EngineName::Api | EngineName::ApiWide => {
            let endpoint = Endpoint::custom(&args.api_url)
                .map_err(|e| format!("The API URL {} is not usable: {e}", args.api_url))?;
            let engine = ApiEngine::new(endpoint, bearer(&token), engine_settings::api_options(args.engine))
                .map_err(|e| e.message)?;
            from_inventory(discover_with(Arc::new(engine), args.engine).await)
        }
        EngineName::Cli => {
            let engine = CliEngine::new(Ok(cli()?), &args.api_url, bearer(&token)).map_err(|e| e.message)?;
            from_inventory(discover_with(Arc::new(engine), args.engine).await)
        }
        EngineName::Baseline => {
            let program = cli()?;
            let api_url = args.api_url.clone();
            tokio::task::spawn_blocking(move || baseline::run(&program, &api_url, &token))
                .await
                .map_err(|e| format!("The baseline run stopped unexpectedly: {e}"))??
        }
    };
    report.wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    report.rss_before_kib = rss_before_kib;
    report.own_peak_kib = memory::own_peak_kib();
    report.largest_child_peak_kib = memory::largest_child_peak_kib();
    Ok(report)
}

fn bearer(token: &str) -> Auth {
    Auth::bearer(StaticAccessToken(SecretString::new(token.to_owned())))
}

/// Discovery as the app runs it (every kind), with the engine's options.
async fn discover_with(source: Arc<dyn Source>, engine: EngineName) -> Inventory {
    discover(
        source,
        "bench",
        &engine_settings::discovery_options(engine),
        &Progress::none(),
        &CancelToken::new(),
    )
    .await
}

fn from_inventory(inventory: Inventory) -> RunReport {
    let first_failure = inventory.failed_tasks().next().map(|t| match &t.result {
        aurora_core::discovery::TaskResult::Failed { error } => format!("{}: {}", t.task, error.message),
        _ => String::new(),
    });
    RunReport {
        resources: inventory.resources.len(),
        tasks: inventory.tasks.len(),
        failed_tasks: inventory.failed_tasks().count(),
        first_failure,
        ..RunReport::default()
    }
}
