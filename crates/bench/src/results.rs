//! What a discovery benchmark run gathered, before it is printed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::account::AccountSize;
use crate::cli_binary::CliBinary;
use crate::lower_bound::Chain;
use crate::machine::Machine;
use crate::measure::Measured;
use crate::options::{DiscoveryArgs, EngineName};
use crate::stats::Spread;

pub struct Results {
    pub args: DiscoveryArgs,
    pub command: String,
    pub machine: Machine,
    pub cli: Result<CliBinary, Vec<PathBuf>>,
    pub started_at: String,
    pub sizes: Vec<SizeResults>,
    pub rate_limited: Vec<LimitedRun>,
}

pub struct SizeResults {
    pub size: AccountSize,
    pub rounds: usize,
    pub rows: Vec<EngineRow>,
}

impl SizeResults {
    pub fn row(&self, engine: EngineName) -> Option<&EngineRow> {
        self.rows.iter().find(|r| r.engine == engine && !r.runs.is_empty())
    }
}

pub struct EngineRow {
    pub engine: EngineName,
    pub chain: Chain,
    pub runs: Vec<RunSample>,
}

pub struct RunSample {
    pub measured: Measured,
    /// Requests the simulator received during the run.
    pub requests: u64,
    /// The same, per route (`/1.0/cloud/project/*/kube/*`).
    pub by_route: BTreeMap<String, u64>,
}

impl EngineRow {
    pub fn wall(&self) -> Option<Spread> {
        Spread::of(self.runs.iter().map(|r| r.measured.report.wall_ms))
    }

    pub fn requests(&self) -> Option<Spread> {
        Spread::of(self.runs.iter().map(|r| r.requests as f64))
    }

    pub fn tree_peak_mib(&self) -> Option<Spread> {
        Spread::of(self.runs.iter().map(|r| r.measured.tree_peak_kib() as f64 / 1024.0))
    }

    pub fn own_peak_mib(&self) -> Option<Spread> {
        Spread::of(self.runs.iter().map(|r| r.measured.report.own_peak_kib as f64 / 1024.0))
    }

    /// The runner's peak above what it held before the engine started.
    pub fn engine_delta_mib(&self) -> Option<Spread> {
        Spread::of(self.runs.iter().map(|r| {
            r.measured
                .report
                .own_peak_kib
                .saturating_sub(r.measured.report.rss_before_kib) as f64
                / 1024.0
        }))
    }

    pub fn largest_child_mib(&self) -> Option<Spread> {
        Spread::of(
            self.runs
                .iter()
                .map(|r| r.measured.report.largest_child_peak_kib as f64 / 1024.0),
        )
    }

    pub fn resources(&self) -> Option<Spread> {
        Spread::of(self.runs.iter().map(|r| r.measured.report.resources as f64))
    }

    pub fn failed_tasks(&self) -> usize {
        self.runs
            .iter()
            .map(|r| r.measured.report.failed_tasks)
            .max()
            .unwrap_or(0)
    }

    pub fn first_failure(&self) -> Option<&str> {
        self.runs
            .iter()
            .find_map(|r| r.measured.report.first_failure.as_deref())
    }
}

pub struct LimitedRun {
    pub size: AccountSize,
    pub engine: EngineName,
    pub per_minute: u32,
    pub measured: Measured,
    pub requests: u64,
    pub statuses: BTreeMap<u16, u64>,
}

impl LimitedRun {
    pub fn too_many(&self) -> u64 {
        self.statuses.get(&429).copied().unwrap_or(0)
    }
}
