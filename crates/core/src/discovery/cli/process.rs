//! Runs the CLI once: empty environment plus the variables given, a fresh
//! private directory as HOME and working directory (so no `./ovh.conf` or
//! CLI config is picked up), a timeout, and capped output. Dropping the
//! future kills the process.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;

use crate::secret::SecretString;

#[derive(Debug)]
pub struct RunSpec<'a> {
    pub program: &'a Path,
    pub args: &'a [String],
    pub env: Vec<(String, SecretString)>,
    pub timeout: Duration,
    pub max_stdout: usize,
    pub max_stderr: usize,
}

#[derive(Debug)]
pub struct RunOutput {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    /// The first `max_stderr` bytes; the rest is read and dropped.
    pub stderr: Vec<u8>,
}

#[derive(Debug)]
pub enum RunError {
    /// The program could not be started.
    Spawn(io::Error),
    TimedOut,
    /// stdout went past `max_stdout`; the process was killed.
    OutputTooLarge,
    Io(io::Error),
}

pub async fn run(spec: RunSpec<'_>) -> Result<RunOutput, RunError> {
    let home = PrivateDir::create().map_err(RunError::Spawn)?;
    let mut command = Command::new(spec.program);
    command
        .args(spec.args)
        .env_clear()
        .env("HOME", home.path())
        .current_dir(home.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(windows)]
    {
        command.env("USERPROFILE", home.path());
        // Without it Windows cannot initialise networking in the child.
        if let Some(root) = std::env::var_os("SystemRoot") {
            command.env("SystemRoot", root);
        }
    }
    for (key, value) in &spec.env {
        command.env(key, value.expose());
    }
    let mut child = command.spawn().map_err(RunError::Spawn)?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let max_stderr = spec.max_stderr;
    let work = async move {
        let stderr_task = tokio::spawn(read_keeping_head(stderr, max_stderr));
        let out = match read_at_most(stdout, spec.max_stdout).await {
            Ok(Some(out)) => out,
            Ok(None) => {
                let _ = child.kill().await;
                return Err(RunError::OutputTooLarge);
            }
            Err(e) => return Err(RunError::Io(e)),
        };
        let status = child.wait().await.map_err(RunError::Io)?;
        let err = stderr_task.await.unwrap_or_default();
        Ok(RunOutput {
            status,
            stdout: out,
            stderr: err,
        })
    };
    let result = match tokio::time::timeout(spec.timeout, work).await {
        Ok(result) => result,
        Err(_) => Err(RunError::TimedOut),
    };
    drop(home);
    result
}

/// Everything, or `None` once more than `max` bytes arrived.
async fn read_at_most(pipe: Option<impl AsyncRead + Unpin>, max: usize) -> io::Result<Option<Vec<u8>>> {
    let Some(mut pipe) = pipe else {
        return Ok(Some(Vec::new()));
    };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = pipe.read(&mut buf).await?;
        if n == 0 {
            return Ok(Some(out));
        }
        if out.len() + n > max {
            return Ok(None);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// Reads to the end (so the child never blocks on a full pipe), keeping the head.
async fn read_keeping_head(pipe: Option<impl AsyncRead + Unpin>, max: usize) -> Vec<u8> {
    let Some(mut pipe) = pipe else { return Vec::new() };
    let mut kept = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    while let Ok(n) = pipe.read(&mut buf).await {
        if n == 0 {
            break;
        }
        let room = max.saturating_sub(kept.len()).min(n);
        kept.extend_from_slice(&buf[..room]);
    }
    kept
}

/// A directory only this user can read, removed on drop.
struct PrivateDir(PathBuf);

impl PrivateDir {
    fn create() -> io::Result<PrivateDir> {
        let path = std::env::temp_dir().join(format!("aurora-ovhcloud-{:016x}", rand::random::<u64>()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&path)?;
        Ok(PrivateDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn spec<'a>(args: &'a [String], timeout_ms: u64) -> RunSpec<'a> {
        RunSpec {
            program: Path::new("/bin/sh"),
            args,
            env: vec![("OVH_ACCESS_TOKEN".into(), SecretString::new("t0k"))],
            timeout: Duration::from_millis(timeout_ms),
            max_stdout: 1024,
            max_stderr: 16,
        }
    }

    fn sh(script: &str) -> Vec<String> {
        vec!["-c".into(), script.into()]
    }

    #[tokio::test]
    async fn clean_environment_and_private_home() {
        std::env::set_var("AURORA_LEAK_CHECK", "leaked");
        let args = sh(r#"echo "$OVH_ACCESS_TOKEN|${AURORA_LEAK_CHECK:-clean}|$HOME|$(pwd)""#);
        let out = run(spec(&args, 5_000)).await.unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let parts: Vec<&str> = text.trim().split('|').collect();
        assert_eq!(&parts[..2], ["t0k", "clean"]);
        assert!(parts[2].contains("aurora-ovhcloud-"), "{text}");
        assert_eq!(parts[2], parts[3]);
        assert!(!Path::new(parts[2]).exists(), "the private HOME is removed afterwards");
    }

    #[tokio::test]
    async fn timeout_kills() {
        let args = sh("sleep 30");
        let started = std::time::Instant::now();
        assert!(matches!(run(spec(&args, 200)).await, Err(RunError::TimedOut)));
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn output_caps() {
        let args = sh("head -c 100000 /dev/zero; sleep 30");
        let started = std::time::Instant::now();
        assert!(matches!(run(spec(&args, 10_000)).await, Err(RunError::OutputTooLarge)));
        assert!(started.elapsed() < Duration::from_secs(5));
        let args = sh("head -c 100000 /dev/zero >&2; echo ok; exit 3");
        let out = run(spec(&args, 10_000)).await.unwrap();
        assert_eq!(
            (out.status.code(), out.stdout.as_slice(), out.stderr.len()),
            (Some(3), &b"ok\n"[..], 16)
        );
    }

    #[tokio::test]
    async fn missing_program() {
        let args: Vec<String> = Vec::new();
        let mut s = spec(&args, 1_000);
        s.program = Path::new("/nonexistent/ovhcloud");
        assert!(matches!(run(s).await, Err(RunError::Spawn(e)) if e.kind() == io::ErrorKind::NotFound));
    }
}
