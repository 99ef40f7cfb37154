//! `aurora-bench`: Aurora's benchmarks. Each prints a Markdown table; none is
//! a timed assertion. See docs/benchmarks.md.

mod account;
mod baseline;
mod cli_binary;
mod discovery;
mod engine_settings;
mod lower_bound;
mod measure;
mod memory;
mod options;
mod report;
mod results;
mod run_once;
mod run_report;
mod status_proxy;

use std::process::ExitCode;

use aurora_bench::{machine, stats};
use clap::Parser;

use options::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("The benchmark could not start its async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Discovery(args) => discovery::run(args).await,
            Command::RunOnce(args) => run_once::run(args).await.and_then(|report| {
                println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
                Ok(())
            }),
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
