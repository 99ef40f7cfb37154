//! The product document's discovery, as its listed commands: `ovhcloud cloud
//! project list`, then for each project `cloud instance|kube|database-service|
//! loadbalancer|container-registry|network private list`, then `baremetal
//! list`, one plain process after another. The document writes
//! `--service-name PROJECT_ID`; the pinned CLI (v0.5.0) only knows
//! `--cloud-project`, so that is what is passed. `--json` makes the output
//! countable; it does not change the requests.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::run_report::RunReport;

/// The per-project commands, in the document's order.
pub const PER_PROJECT: &[&[&str]] = &[
    &["cloud", "instance", "list"],
    &["cloud", "kube", "list"],
    &["cloud", "database-service", "list"],
    &["cloud", "loadbalancer", "list"],
    &["cloud", "container-registry", "list"],
    &["cloud", "network", "private", "list"],
];

pub fn run(program: &Path, api_url: &str, token: &str) -> Result<RunReport, String> {
    let home = ScratchHome::create()?;
    let cli = Cli {
        program,
        api_url,
        token,
        home: &home.0,
    };
    let mut report = RunReport::default();
    let projects = cli.list(&["cloud", "project", "list"], None, &mut report);
    let ids: Vec<String> = projects
        .iter()
        .filter_map(|p| p.get("project_id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    for id in &ids {
        for words in PER_PROJECT {
            cli.list(words, Some(id), &mut report);
        }
    }
    cli.list(&["baremetal", "list"], None, &mut report);
    Ok(report)
}

struct Cli<'a> {
    program: &'a Path,
    api_url: &'a str,
    token: &'a str,
    home: &'a Path,
}

impl Cli<'_> {
    /// Runs one command; counts its objects, or the failure.
    fn list(&self, words: &[&str], project: Option<&str>, report: &mut RunReport) -> Vec<Value> {
        let mut command = Command::new(self.program);
        command.args(words);
        if let Some(p) = project {
            command.args(["--cloud-project", p]);
        }
        command
            .arg("--json")
            .env_clear()
            .env("HOME", self.home)
            .env("OVH_ENDPOINT", self.api_url)
            .env("OVH_ACCESS_TOKEN", self.token)
            .current_dir(self.home)
            .stdin(Stdio::null());
        report.tasks += 1;
        let outcome = command
            .output()
            .map_err(|e| format!("could not start: {e}"))
            .and_then(|out| {
                if !out.status.success() {
                    let text = String::from_utf8_lossy(if out.stdout.is_empty() {
                        &out.stderr
                    } else {
                        &out.stdout
                    })
                    .trim()
                    .to_owned();
                    return Err(format!(
                        "exit {:?}: {}",
                        out.status.code(),
                        text.chars().take(300).collect::<String>()
                    ));
                }
                match serde_json::from_slice::<Value>(&out.stdout) {
                    Ok(Value::Array(items)) => Ok(items),
                    Ok(Value::Null) => Ok(Vec::new()),
                    Ok(_) | Err(_) => Err("the output is not a JSON list".to_owned()),
                }
            });
        match outcome {
            Ok(items) => {
                report.resources += items.len();
                items
            }
            Err(why) => {
                report.failed_tasks += 1;
                report
                    .first_failure
                    .get_or_insert_with(|| format!("ovhcloud {}: {why}", words.join(" ")));
                Vec::new()
            }
        }
    }
}

/// A private HOME and working directory, removed afterwards.
struct ScratchHome(PathBuf);

impl ScratchHome {
    fn create() -> Result<ScratchHome, String> {
        let path = std::env::temp_dir().join(format!("aurora-bench-home-{}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(|e| format!("Could not create {}: {e}", path.display()))?;
        Ok(ScratchHome(path))
    }
}

impl Drop for ScratchHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
