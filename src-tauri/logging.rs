//! Log lines go to stderr and to `aurora.log` in the app's log directory.
//! No secret is ever logged: callers log ids and paths, never tokens or keys.

use std::sync::Mutex;

use tauri::{AppHandle, Manager};
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::EnvFilter;

pub fn init(app: &AppHandle) {
    let filter = EnvFilter::try_from_env("AURORA_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let file = app.path().app_log_dir().ok().and_then(|dir| {
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("aurora.log"))
            .ok()
    });
    let subscriber = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false);
    let _ = match file {
        Some(file) => subscriber.with_writer(std::io::stderr.and(Mutex::new(file))).try_init(),
        None => subscriber.with_writer(std::io::stderr).try_init(),
    };
}
