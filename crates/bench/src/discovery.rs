//! `aurora-bench discovery`: one simulator per account size, every engine
//! several rounds on the same data (the order rotates each round), then one
//! rate-limited run per engine; prints the report and writes it if asked.

use std::path::Path;
use std::time::Duration;

use ovh_sim::{RunningSim, SimConfig, Simulator};

use crate::account::AccountSize;
use crate::cli_binary;
use crate::lower_bound;
use crate::machine::Machine;
use crate::measure::{self, Measured, Target};
use crate::options::{DiscoveryArgs, EngineName};
use crate::report;
use crate::results::{EngineRow, LimitedRun, Results, RunSample, SizeResults};
use crate::status_proxy::StatusProxy;

/// The bearer token every unlimited run uses (rate-limited runs get their own).
const TOKEN: &str = "aurora-bench-token";

pub async fn run(args: DiscoveryArgs) -> Result<(), String> {
    let cli = cli_binary::locate();
    match &cli {
        Ok(found) => eprintln!("Using the ovhcloud CLI at {} ({}).", found.path.display(), found.version),
        Err(tried) => eprintln!(
            "The ovhcloud CLI was not found (looked at {}): the CLI engine and baseline rows are skipped. Set OVHCLOUD_CLI to include them.",
            tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        ),
    }
    let engines: Vec<EngineName> = args
        .engines
        .iter()
        .copied()
        .filter(|e| !e.needs_cli() || cli.is_ok())
        .collect();
    let cli_path = cli.as_ref().ok().map(|c| c.path.clone());
    let mut results = Results {
        command: command_line(),
        machine: Machine::describe(),
        cli,
        started_at: aurora_core::discovery::model::rfc3339_utc(aurora_core::api::unix_now()),
        sizes: Vec::new(),
        rate_limited: Vec::new(),
        args: args.clone(),
    };

    for &size in &args.sizes {
        let rounds = if size == AccountSize::L {
            args.rounds_l.unwrap_or(args.rounds)
        } else {
            args.rounds
        };
        let sim = start_sim(size, args.latency_ms, None).await?;
        let account = sim.dataset();
        let mut rows: Vec<EngineRow> = engines
            .iter()
            .map(|&engine| EngineRow {
                engine,
                chain: lower_bound::chain(engine, &account),
                runs: Vec::new(),
            })
            .collect();
        for round in 0..rounds {
            for i in 0..rows.len() {
                let row = &mut rows[(i + round) % engines.len()];
                sim.reset_counters();
                let measured = measure_run(row.engine, &sim.api_url(), TOKEN, cli_path.as_deref()).await?;
                let counters = sim.counters();
                eprintln!(
                    "{size} {:<32} round {}/{rounds}: {}",
                    row.engine.label(),
                    round + 1,
                    summary(&measured, counters.total)
                );
                row.runs.push(RunSample {
                    measured,
                    requests: counters.total,
                    by_route: counters.by_route,
                });
            }
        }
        results.sizes.push(SizeResults { size, rounds, rows });
    }

    if args.rate_limit > 0 {
        let per_minute = args.rate_limit.saturating_mul(60);
        for &size in &args.rate_limit_sizes {
            let sim = start_sim(size, args.latency_ms, Some(per_minute)).await?;
            let proxy = StatusProxy::start(&sim.base_url()).await?;
            let api_url = format!("{}/1.0", proxy.base_url());
            for (i, &engine) in engines.iter().enumerate() {
                // A credential of its own (the sim keys its windows on the
                // token's first 8 characters) and a fresh one-minute window.
                let token = format!("rl{i:02}{size}-{TOKEN}");
                sim.add_bearer_token(&token, None);
                start_minute_window(&sim);
                sim.reset_counters();
                proxy.reset();
                let measured = measure_run(engine, &api_url, &token, cli_path.as_deref()).await?;
                let requests = sim.counters().total;
                let statuses = proxy.statuses();
                eprintln!(
                    "{size} {:<32} rate-limited: {}, {} answered 429",
                    engine.label(),
                    summary(&measured, requests),
                    statuses.get(&429).unwrap_or(&0)
                );
                results.rate_limited.push(LimitedRun {
                    size,
                    engine,
                    per_minute,
                    measured,
                    requests,
                    statuses,
                });
            }
        }
    }

    let markdown = report::markdown(&results);
    println!("{markdown}");
    if let Some(out) = &args.out {
        write(out, &markdown)?;
        eprintln!("Wrote {}.", out.display());
    }
    Ok(())
}

/// How the benchmark was started: the script's name (`AURORA_BENCH_COMMAND`) and the binary's own arguments.
fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let own = format!("aurora-bench {}", args.join(" "));
    match std::env::var("AURORA_BENCH_COMMAND") {
        Ok(started_by) if !started_by.trim().is_empty() => format!("{} → {own}", started_by.trim()),
        _ => own,
    }
}

async fn start_sim(size: AccountSize, latency_ms: u64, per_minute: Option<u32>) -> Result<RunningSim, String> {
    let d = size.data_size();
    let config = SimConfig::default()
        .seed(42)
        .projects(d.projects)
        .per_type(d.per_type)
        .dedicated_servers(d.dedicated_servers)
        .latency(Duration::from_millis(latency_ms))
        .rate_limit_per_minute(per_minute)
        .bearer_token(TOKEN);
    Simulator::start(config)
        .await
        .map_err(|e| format!("The simulator for size {size} did not start: {e}"))
}

/// Moves the simulator's clock so that a new one-minute rate-limit window begins now.
fn start_minute_window(sim: &RunningSim) {
    sim.set_clock_offset(0);
    let into_minute = sim.now().rem_euclid(60);
    sim.set_clock_offset(-into_minute);
}

async fn measure_run(engine: EngineName, api_url: &str, token: &str, cli: Option<&Path>) -> Result<Measured, String> {
    let (api_url, token, cli) = (api_url.to_owned(), token.to_owned(), cli.map(Path::to_path_buf));
    tokio::task::spawn_blocking(move || {
        measure::run(&Target {
            engine,
            api_url: &api_url,
            token: &token,
            cli: cli.as_deref(),
        })
    })
    .await
    .map_err(|e| format!("A measured run stopped unexpectedly: {e}"))?
}

fn summary(measured: &Measured, requests: u64) -> String {
    let r = &measured.report;
    format!(
        "{:.0} ms, {requests} requests, {} resources, {} failed tasks, peak {:.1} MiB",
        r.wall_ms,
        r.resources,
        r.failed_tasks,
        measured.tree_peak_kib() as f64 / 1024.0
    )
}

/// Writes the discovery report, keeping the app benchmark's section (from
/// `## The app` on) of the file already there: each benchmark rewrites its own.
fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("Cannot create {}: {e}", dir.display()))?;
    }
    let existing = std::fs::read_to_string(path).unwrap_or_default();
    let app_section = existing.find(APP_SECTION).map(|at| &existing[at..]).unwrap_or_default();
    let text = format!("{}\n{app_section}", text.trim_end());
    std::fs::write(path, text).map_err(|e| format!("Cannot write {}: {e}", path.display()))
}

const APP_SECTION: &str = "\n## The app";
