//! Saves an export of the dashboard's current view (CSV or JSON) from the
//! store to the Downloads folder: the webview itself may not save files.

use std::path::{Path, PathBuf};

use aurora_core::store::{ExportFormat, RowFilter, SortBy};
use aurora_core::{private_file, ErrorKind, UserError};
use tauri::{AppHandle, Manager};

use crate::state::AppState;

const MAX_NAME: usize = 120;

/// Writes the resources `filter` lets through, in `sort`'s order, from the
/// store straight to `<Downloads>/<file_name>` (CSV or JSON by the name's
/// extension; never over an existing file) and returns where it went.
#[tauri::command]
#[specta::specta]
pub async fn export_inventory(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    file_name: String,
    filter: RowFilter,
    sort: Option<SortBy>,
) -> Result<String, UserError> {
    let name = checked_name(&file_name)?;
    let format = if name.ends_with(".csv") {
        ExportFormat::Csv
    } else {
        ExportFormat::Json
    };
    let dir = downloads(&app)?;
    let store = state.discovery.store().clone();
    let path = super::inventory::blocking(move || {
        write_export(&dir, &name, |file, _| {
            store.export(&filter, sort.as_ref(), format, file).map(|_count| ())
        })
    })
    .await?;
    Ok(path.display().to_string())
}

fn downloads(app: &AppHandle) -> Result<PathBuf, UserError> {
    app.path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|_| no_folder())
}

/// Creates the first free name of `dir/<name>`, `name-1`...: each is created
/// new (never over a file, never through a link, even a dangling one) and
/// readable by the user only; `write` fills it, and a failed export is removed.
fn write_export(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut std::fs::File, &Path) -> Result<(), UserError>,
) -> Result<PathBuf, UserError> {
    std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
    for path in candidate_paths(dir, name).take(10_000) {
        match private_file::create_new(&path) {
            Ok(mut file) => {
                let written =
                    write(&mut file, &path).and_then(|()| file.sync_all().map_err(|e| cannot_write(&path, &e)));
                if let Err(e) = written {
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(cannot_write(&path, &e)),
        }
    }
    Err(cannot_write(
        &dir.join(name),
        &std::io::Error::other("every numbered name up to 10,000 is taken"),
    ))
}

fn checked_name(name: &str) -> Result<String, UserError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        && (name.ends_with(".csv") || name.ends_with(".json"));
    if ok {
        Ok(name.to_owned())
    } else {
        Err(UserError::new(
            ErrorKind::InvalidInput,
            "This export's file name is not allowed.",
            ["Export again from the dashboard."],
        ))
    }
}

fn candidate_paths<'a>(dir: &'a Path, name: &'a str) -> impl Iterator<Item = PathBuf> + 'a {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    std::iter::once(dir.join(name)).chain((1..).map(move |n| dir.join(format!("{stem}-{n}.{ext}"))))
}

fn no_folder() -> UserError {
    UserError::new(
        ErrorKind::Internal,
        "Aurora could not find your Downloads or home folder.",
        ["Set a Downloads folder (XDG_DOWNLOAD_DIR) or a home folder (HOME) for your account, then export again."],
    )
}

fn cannot_write(path: &Path, error: &std::io::Error) -> UserError {
    UserError::new(
        ErrorKind::Internal,
        format!("Aurora could not write {}: {error}.", path.display()),
        ["Check that the folder exists, that you may write to it and that the disk has free space, then export again."],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_bytes(file: &mut std::fs::File, path: &Path, bytes: &[u8]) -> Result<(), UserError> {
        use std::io::Write;
        file.write_all(bytes).map_err(|e| cannot_write(path, &e))
    }

    #[test]
    fn only_plain_csv_and_json_names_are_accepted() {
        for good in ["aurora-instances-2026-11-28.csv", "inventory.json"] {
            assert!(checked_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "../x.csv",
            "a/b.csv",
            ".hidden.csv",
            "x.sh",
            "x.csv.exe",
            "é.csv",
            &"a".repeat(200),
        ] {
            assert!(checked_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn never_overwrites_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.csv"), "old").unwrap();
        std::fs::write(dir.path().join("x-1.csv"), "old").unwrap();
        assert_eq!(
            write_export(dir.path(), "x.csv", |f, p| write_bytes(f, p, b"new")).unwrap(),
            dir.path().join("x-2.csv")
        );
        assert_eq!(std::fs::read_to_string(dir.path().join("x.csv")).unwrap(), "old");
        assert_eq!(std::fs::read_to_string(dir.path().join("x-2.csv")).unwrap(), "new");
    }

    /// Issue 18 point 3: a link planted where the export goes (dangling, so
    /// `exists()` says false) must not be written through.
    #[cfg(unix)]
    #[test]
    fn an_export_never_writes_through_a_link_and_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let target = elsewhere.path().join("planted.csv");
        std::os::unix::fs::symlink(&target, dir.path().join("x.csv")).unwrap();
        let path = write_export(dir.path(), "x.csv", |f, p| write_bytes(f, p, b"id,name\n")).unwrap();
        assert_eq!(path, dir.path().join("x-1.csv"));
        assert!(!target.exists(), "the export went through the link");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
