//! The command line: `aurora-bench discovery [...]`, plus the hidden
//! `run-once` subcommand the benchmark re-executes itself with, so each
//! measured run is a fresh process whose peak memory is its own.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::account::AccountSize;

#[derive(Parser, Debug)]
#[command(name = "aurora-bench", about = "Aurora's benchmarks: each prints a Markdown table.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Discovery against ovh-sim: the native API engine, the CLI engine and the sequential CLI baseline.
    Discovery(DiscoveryArgs),
    /// One engine run, measured from inside (used by `discovery`; prints JSON).
    #[command(hide = true)]
    RunOnce(RunOnceArgs),
}

#[derive(Args, Debug, Clone)]
pub struct DiscoveryArgs {
    /// Latency the simulator adds to every request, in milliseconds.
    #[arg(long, default_value_t = 30)]
    pub latency_ms: u64,
    /// Account sizes to measure, comma-separated (S, M, L).
    #[arg(long, value_delimiter = ',', default_value = "S,M,L")]
    pub sizes: Vec<AccountSize>,
    /// Rounds per engine and size; engines alternate within each round.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Rounds for size L only (its baseline takes minutes); defaults to --rounds.
    #[arg(long)]
    pub rounds_l: Option<usize>,
    /// Requests per second per credential for the rate-limited run (0 skips it).
    /// The simulator counts per minute, so this becomes 60 x this per minute.
    #[arg(long, default_value_t = 20)]
    pub rate_limit: u32,
    /// Account sizes of the rate-limited run (one round each).
    #[arg(long, value_delimiter = ',', default_value = "M,L")]
    pub rate_limit_sizes: Vec<AccountSize>,
    /// Engines to run, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "api,api-wide,cli,baseline")]
    pub engines: Vec<EngineName>,
    /// Also write the report to this Markdown file.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct RunOnceArgs {
    #[arg(long)]
    pub engine: EngineName,
    /// The API base given to the engine (`http://127.0.0.1:PORT/1.0`).
    #[arg(long)]
    pub api_url: String,
    /// The ovhcloud binary (CLI engine and baseline).
    #[arg(long)]
    pub cli: Option<PathBuf>,
}

/// The access token reaches `run-once` through this variable, not its arguments.
pub const TOKEN_ENV: &str = "AURORA_BENCH_TOKEN";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum EngineName {
    /// Aurora's native API engine, in process.
    Api,
    /// The native API engine with wider concurrency limits (a what-if, not the app's settings).
    ApiWide,
    /// Aurora's CLI engine: the real ovhcloud, several processes at once.
    Cli,
    /// The product document's listed CLI commands, one after another.
    Baseline,
}

impl EngineName {
    pub fn label(self) -> &'static str {
        match self {
            EngineName::Api => "native API engine",
            EngineName::ApiWide => "native API engine, wider limits (what-if)",
            EngineName::Cli => "CLI engine (ovhcloud, parallel)",
            EngineName::Baseline => "baseline (ovhcloud, sequential)",
        }
    }

    pub fn needs_cli(self) -> bool {
        !matches!(self, EngineName::Api | EngineName::ApiWide)
    }

    pub fn arg(self) -> &'static str {
        match self {
            EngineName::Api => "api",
            EngineName::ApiWide => "api-wide",
            EngineName::Cli => "cli",
            EngineName::Baseline => "baseline",
        }
    }
}
