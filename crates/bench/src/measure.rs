//! The parent side of one run: starts `aurora-bench run-once` for an engine,
//! samples the resident size of its whole process tree while it runs, and
//! reads back its [`RunReport`].

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::memory;
use crate::options::{EngineName, TOKEN_ENV};
use crate::run_report::RunReport;

/// How often the process tree's resident size is sampled.
pub const SAMPLE_EVERY: Duration = Duration::from_millis(20);

#[derive(Clone, Debug)]
pub struct Measured {
    pub report: RunReport,
    /// The largest sum of resident sizes over the tree seen by sampling, KiB.
    pub sampled_tree_peak_kib: u64,
}

impl Measured {
    /// Peak memory of the process tree: the sampled sum, or the runner's own
    /// exact peak when sampling missed it.
    pub fn tree_peak_kib(&self) -> u64 {
        self.sampled_tree_peak_kib.max(self.report.own_peak_kib)
    }
}

pub struct Target<'a> {
    pub engine: EngineName,
    pub api_url: &'a str,
    pub token: &'a str,
    pub cli: Option<&'a Path>,
}

/// Blocking: call from a blocking thread.
pub fn run(target: &Target<'_>) -> Result<Measured, String> {
    let exe = std::env::current_exe().map_err(|e| format!("Cannot find the benchmark's own executable: {e}"))?;
    let mut command = Command::new(exe);
    command.args(["run-once", "--engine", target.engine.arg(), "--api-url", target.api_url]);
    if let Some(cli) = target.cli {
        command.arg("--cli").arg(cli);
    }
    let mut child = command
        .env(TOKEN_ENV, target.token)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("Cannot start a measured run: {e}"))?;
    let mut sampled_tree_peak_kib = 0;
    let status = loop {
        sampled_tree_peak_kib = sampled_tree_peak_kib.max(memory::tree_resident_kib(child.id()));
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(SAMPLE_EVERY),
            Err(e) => return Err(format!("Lost track of a measured run: {e}")),
        }
    };
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_string(&mut stdout)
            .map_err(|e| format!("Cannot read a measured run's report: {e}"))?;
    }
    if !status.success() {
        return Err(format!(
            "The {} run failed ({status}): {}",
            target.engine.label(),
            stdout.trim()
        ));
    }
    let report =
        serde_json::from_str(stdout.trim()).map_err(|e| format!("A measured run printed no report ({e}): {stdout}"))?;
    Ok(Measured {
        report,
        sampled_tree_peak_kib,
    })
}
