//! The `ovhcloud` binary the CLI rows need: `OVHCLOUD_CLI` when set (and
//! then only it), else `.tools/bin/ovhcloud` of this working tree. The Go module proxy refuses
//! the module (see docs/ovhcloud-cli.md), so it may well be absent; the
//! benchmark then skips the CLI rows and says so.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct CliBinary {
    pub path: PathBuf,
    pub version: String,
}

/// The binary, or every place that was looked at.
pub fn locate() -> Result<CliBinary, Vec<PathBuf>> {
    let mut candidates = Vec::new();
    if let Some(value) = std::env::var_os("OVHCLOUD_CLI").filter(|v| !v.is_empty()) {
        candidates.push(PathBuf::from(value));
    } else {
        if let Ok(dir) = std::env::current_dir() {
            candidates.push(dir.join(".tools/bin/ovhcloud"));
        }
        candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/bin/ovhcloud"));
    }
    match candidates.iter().find(|p| is_executable(p)) {
        Some(path) => {
            let path = path.canonicalize().unwrap_or_else(|_| path.clone());
            let version = version_of(&path);
            Ok(CliBinary { path, version })
        }
        None => Err(candidates),
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `ovhcloud version --json` → `[{"version": "v0.5.0"}]`.
fn version_of(path: &Path) -> String {
    let out = Command::new(path).args(["version", "--json"]).env_clear().output();
    out.ok()
        .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
        .and_then(|v| v.get(0)?.get("version")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown version".into())
}
