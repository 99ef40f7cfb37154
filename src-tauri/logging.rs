//! Log lines go to stderr and to `aurora.log` in the app's log directory.
//! No secret is ever logged: callers log ids and paths, never tokens or keys.

use std::sync::Mutex;

use tauri::{AppHandle, Manager};
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::EnvFilter;

pub fn init(app: &AppHandle) {
    let filter = EnvFilter::try_from_env("AURORA_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let file = app.path().app_log_dir().ok().and_then(|dir| match open_log(&dir) {
        Ok(file) => Some(file),
        Err(e) => {
            eprintln!(
                "aurora: the log file in {} could not be opened ({e}); logging to stderr only.",
                dir.display()
            );
            None
        }
    });
    let subscriber = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false);
    let _ = match file {
        Some(file) => subscriber.with_writer(std::io::stderr.and(Mutex::new(file))).try_init(),
        None => subscriber.with_writer(std::io::stderr).try_init(),
    };
}

/// `<dir>/aurora.log`, readable by the user only and never opened through a
/// link (someone else's link would get Aurora's log, or have a file of theirs
/// appended to).
fn open_log(dir: &std::path::Path) -> std::io::Result<std::fs::File> {
    aurora_core::private_file::create_private_dir(dir)?;
    aurora_core::private_file::open_append(&dir.join("aurora.log"))
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::open_log;

    /// Issue 18 point 3: the log is private, even when an older one was not,
    /// and a link in its place is refused.
    #[test]
    fn the_log_is_private_and_never_opened_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        open_log(&logs).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&logs.join("aurora.log")), 0o600);
        std::fs::set_permissions(logs.join("aurora.log"), std::fs::Permissions::from_mode(0o644)).unwrap();
        open_log(&logs).unwrap();
        assert_eq!(mode(&logs.join("aurora.log")), 0o600);

        let planted = dir.path().join("planted");
        std::fs::remove_file(logs.join("aurora.log")).unwrap();
        std::os::unix::fs::symlink(&planted, logs.join("aurora.log")).unwrap();
        assert!(open_log(&logs).is_err());
        assert!(!planted.exists(), "the log was created through the link");
    }
}
