//! Saves an export of the dashboard's current view (CSV or JSON) to the
//! Downloads folder: the webview itself may not save files.

use std::path::{Path, PathBuf};

use aurora_core::store::{ExportFormat, RowFilter, SortBy};
use aurora_core::{ErrorKind, UserError};
use tauri::{AppHandle, Manager};

use crate::state::AppState;

const MAX_NAME: usize = 120;
const MAX_SIZE: usize = 512 * 1024 * 1024;

/// Writes `contents` to `<Downloads>/<file_name>` (never over an existing
/// file: `name-1.csv`, `name-2.csv`...) and returns where it went.
#[tauri::command]
#[specta::specta]
pub fn save_export(app: AppHandle, file_name: String, contents: String) -> Result<String, UserError> {
    let name = checked_name(&file_name)?;
    if contents.len() > MAX_SIZE {
        return Err(UserError::new(
            ErrorKind::InvalidInput,
            "This export is too large to save.",
            ["Filter the view to fewer resources and export again."],
        ));
    }
    let dir = downloads(&app)?;
    let path = free_path(&dir, &name);
    std::fs::write(&path, contents).map_err(|e| cannot_write(&path, &e))?;
    Ok(path.display().to_string())
}

/// Writes the resources `filter` lets through, in `sort`'s order, from the
/// store straight to `<Downloads>/<file_name>` (never over an existing
/// file) and returns where it went.
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
    let path = free_path(&dir, &name);
    let store = state.discovery.store().clone();
    let written = path.clone();
    super::inventory::blocking(move || store.export(&filter, sort.as_ref(), format, &written)).await?;
    Ok(path.display().to_string())
}

fn downloads(app: &AppHandle) -> Result<PathBuf, UserError> {
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|_| no_folder())?;
    std::fs::create_dir_all(&dir).map_err(|e| cannot_write(&dir, &e))?;
    Ok(dir)
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

fn free_path(dir: &Path, name: &str) -> PathBuf {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    std::iter::once(dir.join(name))
        .chain((1..).map(|n| dir.join(format!("{stem}-{n}.{ext}"))))
        .find(|p| !p.exists())
        .expect("some numbered name is free")
}

fn no_folder() -> UserError {
    UserError::new(
        ErrorKind::Internal,
        "Aurora could not find your Downloads or home folder.",
        ["Use Copy instead, and paste the export where you need it."],
    )
}

fn cannot_write(path: &Path, error: &std::io::Error) -> UserError {
    UserError::new(
        ErrorKind::Internal,
        format!("Aurora could not write {}: {error}.", path.display()),
        ["Check that the folder exists and that you may write to it, or use Copy instead."],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(free_path(dir.path(), "x.csv"), dir.path().join("x-2.csv"));
    }
}
