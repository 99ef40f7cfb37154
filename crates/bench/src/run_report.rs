//! What one measured run reports: the discovery's wall time and result, and
//! the memory of the process that ran it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RunReport {
    /// From just before the engine is created to the finished inventory.
    pub wall_ms: f64,
    pub resources: usize,
    pub tasks: usize,
    pub failed_tasks: usize,
    /// The first failure's message, to explain a failed run.
    pub first_failure: Option<String>,
    /// This process's resident size before the engine started, KiB.
    pub rss_before_kib: u64,
    /// This process's peak resident size (`VmHWM`), KiB.
    pub own_peak_kib: u64,
    /// The largest peak of any ovhcloud process it ran, KiB.
    pub largest_child_peak_kib: u64,
}
