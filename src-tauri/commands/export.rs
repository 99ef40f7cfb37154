//! Saves an export of the dashboard's current view (CSV or JSON) to the
//! Downloads folder: the webview itself may not save files.

use std::path::{Path, PathBuf};

use aurora_core::{private_file, ErrorKind, UserError};
use tauri::{AppHandle, Manager};

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
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|_| no_folder())?;
    let path = write_export(&dir, &name, contents.as_bytes())?;
    Ok(path.display().to_string())
}

/// Writes `bytes` to the first free name of `dir/<name>`, `name-1`...: each
/// is created new (never over a file, never through a link, even a dangling
/// one) and readable by the user only.
fn write_export(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, UserError> {
    use std::io::Write;
    std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, &e))?;
    for path in candidate_paths(dir, name).take(10_000) {
        match private_file::create_new(&path) {
            Ok(mut file) => {
                let written = file.write_all(bytes).and_then(|()| file.sync_all());
                if let Err(e) = written {
                    let _ = std::fs::remove_file(&path);
                    return Err(cannot_write(&path, &e));
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
        assert_eq!(
            write_export(dir.path(), "x.csv", b"new").unwrap(),
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
        let path = write_export(dir.path(), "x.csv", b"id,name\n").unwrap();
        assert_eq!(path, dir.path().join("x-1.csv"));
        assert!(!target.exists(), "the export went through the link");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
