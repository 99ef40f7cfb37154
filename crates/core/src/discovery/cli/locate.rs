//! Finds the `ovhcloud` binary: the bundled sidecar (where the app's shell
//! plugin resolves it, else next to Aurora's executable), then the
//! `OVHCLOUD_CLI` setting or environment variable, then `PATH`.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub const CLI_NAME: &str = "ovhcloud";
pub const CLI_ENV: &str = "OVHCLOUD_CLI";

/// The places to look, gathered up front so tests can supply their own.
#[derive(Clone, Debug, Default)]
pub struct CliLocator {
    /// The bundled sidecar as the app resolved it (tauri-plugin-shell's
    /// `sidecar("ovhcloud")`); this crate knows nothing of Tauri.
    pub sidecar: Option<PathBuf>,
    /// Directory of the running executable (Tauri puts sidecars there).
    pub exe_dir: Option<PathBuf>,
    /// The user's setting, if any.
    pub setting: Option<PathBuf>,
    /// Value of `OVHCLOUD_CLI`.
    pub env_value: Option<OsString>,
    /// Value of `PATH`.
    pub path_var: Option<OsString>,
}

impl CliLocator {
    /// Looks where a running Aurora would.
    pub fn from_environment(setting: Option<PathBuf>) -> CliLocator {
        CliLocator {
            sidecar: None,
            exe_dir: env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf)),
            setting,
            env_value: env::var_os(CLI_ENV).filter(|v| !v.is_empty()),
            path_var: env::var_os("PATH"),
        }
    }

    /// Looks at `sidecar` before anywhere else.
    pub fn with_sidecar(mut self, sidecar: Option<PathBuf>) -> CliLocator {
        self.sidecar = sidecar;
        self
    }

    /// The first executable found, or every place that was tried.
    pub fn locate(&self) -> Result<PathBuf, Vec<PathBuf>> {
        let mut tried: Vec<PathBuf> = self.sidecar.iter().cloned().collect();
        if let Some(dir) = &self.exe_dir {
            for name in sidecar_names() {
                tried.push(dir.join(name));
            }
        }
        tried.extend(self.setting.clone());
        tried.extend(self.env_value.clone().map(PathBuf::from));
        if let Some(path) = &self.path_var {
            tried.extend(
                env::split_paths(path)
                    .filter(|d| !d.as_os_str().is_empty())
                    .map(|d| d.join(exe_name(CLI_NAME))),
            );
        }
        match tried.iter().find(|p| is_executable(p)) {
            Some(found) => Ok(found.clone()),
            None => Err(tried),
        }
    }
}

impl CliLocator {
    /// Where Aurora's own tests look for the real CLI: `.tools/bin/ovhcloud`
    /// in this repository (built by `scripts/build-ovhcloud-cli.sh`), then
    /// `OVHCLOUD_CLI`. The app uses [`CliLocator::from_environment`].
    pub fn for_tests() -> CliLocator {
        CliLocator {
            setting: Some(built_for_tests()),
            env_value: env::var_os(CLI_ENV).filter(|v| !v.is_empty()),
            ..CliLocator::default()
        }
    }
}

/// Used by the tests that run the real CLI (the library's and the
/// integration tests): the CLI [`CliLocator::for_tests`] finds. Missing, it
/// fails the test with what to do, unless `AURORA_SKIP_CLI_TESTS=1`: then it
/// says the test is skipped and returns `None`.
///
/// ```ignore
/// let Some(cli) = real_cli_for_tests() else { return };
/// ```
pub fn real_cli_for_tests() -> Option<PathBuf> {
    if let Ok(found) = CliLocator::for_tests().locate() {
        return Some(found.canonicalize().unwrap_or(found));
    }
    if env::var("AURORA_SKIP_CLI_TESTS").as_deref() == Ok("1") {
        eprintln!("skipped: the ovhcloud CLI is not built (AURORA_SKIP_CLI_TESTS=1)");
        return None;
    }
    panic!(
        "The real ovhcloud CLI is missing at {} (and {CLI_ENV} is not set). Run scripts/build-ovhcloud-cli.sh to build it, \
         or set AURORA_SKIP_CLI_TESTS=1 to skip the tests that need it.",
        built_for_tests().display()
    );
}

/// `.tools/bin/ovhcloud` of the repository this crate was built from.
fn built_for_tests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../.tools/bin")
        .join(exe_name(CLI_NAME))
}

/// `ovhcloud` (what Tauri installs) and `ovhcloud-<target triple>` (what
/// `scripts/build-ovhcloud-cli.sh --sidecar` produces for packaging).
fn sidecar_names() -> Vec<String> {
    let mut names = vec![exe_name(CLI_NAME)];
    names.extend(
        target_triples()
            .into_iter()
            .map(|t| exe_name(&format!("{CLI_NAME}-{t}"))),
    );
    names
}

fn target_triples() -> Vec<String> {
    let arch = env::consts::ARCH;
    match env::consts::OS {
        "linux" => vec![
            format!("{arch}-unknown-linux-gnu"),
            format!("{arch}-unknown-linux-musl"),
        ],
        "macos" => vec![format!("{arch}-apple-darwin")],
        "windows" => vec![format!("{arch}-pc-windows-msvc"), format!("{arch}-pc-windows-gnu")],
        os => vec![format!("{arch}-unknown-{os}")],
    }
}

fn exe_name(stem: &str) -> String {
    format!("{stem}{}", env::consts::EXE_SUFFIX)
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        true
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn dir(name: &str) -> PathBuf {
        let d = env::temp_dir().join(format!("aurora-locate-{name}-{}", rand::random::<u32>()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn executable(path: &Path) {
        std::fs::write(path, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn order_is_sidecar_setting_env_path() {
        let exe_dir = dir("exe");
        let other = dir("other");
        let path_dir = dir("path");
        let setting = other.join("from-setting");
        let from_env = other.join("from-env");
        executable(&setting);
        executable(&from_env);
        executable(&path_dir.join("ovhcloud"));
        let mut loc = CliLocator {
            sidecar: None,
            exe_dir: Some(exe_dir.clone()),
            setting: Some(setting.clone()),
            env_value: Some(from_env.clone().into()),
            path_var: Some(env::join_paths([other.clone(), path_dir.clone()]).unwrap()),
        };
        assert_eq!(loc.locate().unwrap(), setting);
        let triple_sidecar = exe_dir.join(format!("ovhcloud-{}", target_triples()[0]));
        executable(&triple_sidecar);
        assert_eq!(loc.locate().unwrap(), triple_sidecar);
        let resolved = other.join("resolved-by-the-shell-plugin");
        executable(&resolved);
        loc = loc.with_sidecar(Some(resolved.clone()));
        assert_eq!(loc.locate().unwrap(), resolved);
        loc.sidecar = Some(other.join("absent"));
        assert_eq!(
            loc.locate().unwrap(),
            triple_sidecar,
            "a sidecar that is not there is passed over"
        );
        loc.exe_dir = None;
        loc.setting = None;
        assert_eq!(loc.locate().unwrap(), from_env);
        loc.env_value = None;
        assert_eq!(loc.locate().unwrap(), path_dir.join("ovhcloud"));
        for d in [exe_dir, other, path_dir] {
            std::fs::remove_dir_all(d).unwrap();
        }
    }

    #[test]
    fn missing_or_not_executable() {
        let d = dir("none");
        std::fs::write(d.join("ovhcloud"), "not executable").unwrap();
        let loc = CliLocator {
            sidecar: None,
            exe_dir: Some(d.clone()),
            setting: None,
            env_value: None,
            path_var: Some(d.clone().into()),
        };
        let tried = loc.locate().unwrap_err();
        assert!(tried.contains(&d.join("ovhcloud")));
        std::fs::remove_dir_all(d).unwrap();
    }
}
