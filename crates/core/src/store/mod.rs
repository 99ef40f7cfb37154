//! The inventory store: every connection's last good inventory in one SQLite
//! database (`inventory.sqlite3` in the app data folder), queried for just
//! what the window shows.
//!
//! ```ignore
//! let (store, problem) = Store::open(&data_dir);            // a damaged file is set aside: problem says so
//! store.import_json_cache(&InventoryCache::new(data_dir.join("inventories")));  // once, then the files go
//! let saved = store.save_refresh(inventory, Some(costs))?;  // one transaction
//! let page = store.rows(&RowQuery { filter, sort, offset: 0, limit: 100 })?;
//! let overview = store.overview(&filter)?;
//! let details = store.resource(page.rows[0].row)?;          // first seen, last changed, history
//! store.export(&filter, sort, ExportFormat::Csv, &path)?;
//! ```
//!
//! - [`schema`]: tables, the search index and the migrations between versions.
//! - [`write`]: a refresh saved in one transaction, with the partial-failure
//!   policy of [`crate::discovery::cache`] (failed tasks keep their previous
//!   rows, marked stale) and the history of what changed.
//! - [`query`]: overview, a window of rows (filters, search, sort, paging), one resource.
//! - [`export`]: CSV and JSON written straight from the store.
//! - [`import`]: the JSON cache of earlier versions, imported once.
//!
//! WAL journal: readers never wait for a refresh being written, and a
//! process killed during a write leaves the previous inventory whole. The
//! files are readable by the user only.

mod export;
mod import;
mod query;
mod schema;
mod status;
mod write;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags};

use crate::user_error::{ErrorKind, UserError};

pub use export::{csv_cell, write_csv, ExportFormat, CSV_HEADER};
pub use query::{
    natural_cmp, ChangeSummary, Count, Overview, ProjectCount, ResourceDetails, ResourceRow, RowFilter, RowPage,
    RowQuery, SortBy, SortColumn, StoredInventory, RESOURCE_ERRORS_SHOWN,
};
pub use write::{Saved, StoreChange, StoreChangeKind};

/// The database's file name in the data folder.
pub const FILE_NAME: &str = "inventory.sqlite3";

pub struct Store {
    path: PathBuf,
    /// Reads share one connection; each refresh writes on its own.
    reader: Mutex<Connection>,
    /// For tests of a full disk: the most pages a write may grow the file to.
    max_pages: Option<u32>,
}

impl Store {
    /// Opens (or creates) the store in `data_dir`. A database that cannot be
    /// used is moved aside and a new empty one takes its place: the second
    /// value says so, and the next refresh fills the store again.
    pub fn open(data_dir: &Path) -> Result<(Store, Option<UserError>), UserError> {
        let path = data_dir.join(FILE_NAME);
        match Store::open_at(&path) {
            Ok(store) => Ok((store, None)),
            Err(e) if is_damage(&e) => {
                let problem = set_aside(&path, &e);
                let store = Store::open_at(&path).map_err(|e| cannot_open(&path, &e))?;
                Ok((store, Some(problem)))
            }
            Err(e) => Err(cannot_open(&path, &e)),
        }
    }

    /// [`Store::open`], or, when `data_dir` cannot hold a store at all (no
    /// permission, a read-only disk), a store for this session only in a
    /// temporary folder, so that Aurora still starts; the warning says so.
    pub fn open_or_temporary(data_dir: &Path) -> Result<(Store, Option<UserError>), UserError> {
        let problem = match Store::open(data_dir) {
            Err(problem) => problem,
            opened => return opened,
        };
        let session_dir = std::env::temp_dir().join(format!("aurora-inventory-{}", std::process::id()));
        let store = Store::open_at(&session_dir.join(FILE_NAME)).map_err(|_| problem.clone())?;
        let warning = UserError {
            message: format!(
                "{} Inventories are kept for this session only, until Aurora can write to its data folder.",
                problem.message
            ),
            ..problem
        };
        Ok((store, Some(warning)))
    }

    fn open_at(path: &Path) -> rusqlite::Result<Store> {
        create_private(path).map_err(|e| {
            rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                Some(e.to_string()),
            )
        })?;
        let conn = connect(path)?;
        schema::migrate(&conn)?;
        Ok(Store {
            path: path.to_owned(),
            reader: Mutex::new(conn),
            max_pages: None,
        })
    }

    /// Caps the database's size in pages for the writes to come (tests of a full disk).
    pub fn with_max_pages(mut self, pages: u32) -> Store {
        self.max_pages = Some(pages);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        self.reader.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn writer(&self) -> rusqlite::Result<Connection> {
        let conn = connect(&self.path)?;
        if let Some(pages) = self.max_pages {
            conn.pragma_update(None, "max_page_count", pages)?;
        }
        Ok(conn)
    }

    /// Moves a database found damaged while in use aside, so the next refresh
    /// writes a new one. Returns the message to show.
    fn damaged(&self, e: &rusqlite::Error) -> UserError {
        let problem = set_aside(&self.path, e);
        match connect(&self.path).and_then(|conn| {
            schema::migrate(&conn)?;
            Ok(conn)
        }) {
            Ok(fresh) => *self.reader() = fresh,
            Err(e) => tracing::warn!(error = %e, "the new inventory store could not be created"),
        }
        problem
    }

    /// A read or write failure as the message to show: a damaged database is set aside.
    fn failure(&self, e: rusqlite::Error, doing: &str) -> UserError {
        if is_damage(&e) {
            return self.damaged(&e);
        }
        if is_full(&e) {
            return UserError::new(
                ErrorKind::Internal,
                format!("The disk is full, so Aurora could not {doing}. The inventory shown is the previous one."),
                ["Free some disk space, then refresh the inventory again."],
            );
        }
        UserError::new(
            ErrorKind::Internal,
            format!("Aurora could not {doing} ({e})."),
            ["Try again; if it happens again, report it with Aurora's log file"],
        )
    }
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // The first statement that reads the file: "file is not a database" shows here.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A refresh of 500,000 resources grows the write-ahead log past a gigabyte;
    // without a limit the file keeps that size after the log is checkpointed.
    conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    query::register_functions(&conn)?;
    Ok(conn)
}

/// The file, created empty and private before SQLite opens it (SQLite
/// gives its journal and WAL files the database file's permissions); a
/// link planted where it goes is refused.
fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::private_file::open_append(path).map(drop)
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    ) || matches!(e, rusqlite::Error::SqliteFailure(_, Some(m)) if m.contains("newer version of Aurora"))
}

fn is_full(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DiskFull))
}

/// Moves the database and its WAL aside as `inventory.sqlite3.damaged-<time>`.
fn set_aside(path: &Path, e: &rusqlite::Error) -> UserError {
    let kept_as = PathBuf::from(format!("{}.damaged-{}", path.display(), crate::api::unix_now()));
    let moved = std::fs::rename(path, &kept_as);
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        let _ = std::fs::rename(&side, PathBuf::from(format!("{}{suffix}", kept_as.display())));
    }
    tracing::warn!(path = %path.display(), error = %e, "the inventory store was damaged and was set aside");
    let where_now = match moved {
        Ok(()) => format!("it was kept as {}", kept_as.display()),
        Err(_) => "it could not be moved".to_owned(),
    };
    UserError::new(
        ErrorKind::Internal,
        format!(
            "The saved inventory {} could not be used ({e}); {where_now}. Aurora starts with an empty inventory; refresh to list your resources again.",
            path.display()
        ),
        ["Refresh the inventory"],
    )
}

fn cannot_open(path: &Path, e: &rusqlite::Error) -> UserError {
    UserError::new(
        ErrorKind::Internal,
        format!("Aurora could not open its inventory store {} ({e}).", path.display()),
        [
            "Check the free disk space",
            "Check that Aurora may write to its data folder",
        ],
    )
}

#[cfg(test)]
mod tests;
