//! A JSON file replaced atomically, read tolerantly: a missing file is
//! empty, a damaged one is moved aside (never overwritten) and reported.
//! Written private and never through a link ([`crate::private_file`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::error::describe_json_error;
use crate::private_file;

/// What [`load`] found.
#[derive(Debug)]
pub enum Loaded<T> {
    Missing,
    Read(T),
    /// The file could not be parsed; it now lives at `kept_as`.
    SetAside {
        kept_as: PathBuf,
        reason: String,
    },
}

pub fn load<T: DeserializeOwned>(path: &Path) -> io::Result<Loaded<T>> {
    let bytes = match private_file::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Loaded::Missing),
        Err(e) => return Err(e),
    };
    match serde_json::from_slice(&bytes) {
        Ok(value) => Ok(Loaded::Read(value)),
        Err(e) => {
            let kept_as = free_backup_path(path);
            fs::rename(path, &kept_as)?;
            Ok(Loaded::SetAside {
                kept_as,
                reason: describe_json_error(&e),
            })
        }
    }
}

/// Replaces `path` atomically with a private file ([`private_file::write_atomic`]):
/// readers see the old content or the new, never a part.
pub fn save<T: Serialize>(path: &Path, value: &T) -> io::Result<()> {
    let bytes = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    private_file::write_atomic(path, &bytes)
}

/// `<name>.bak`, or `<name>.<n>.bak` when earlier backups exist: an older
/// damaged file is never replaced by a newer one.
fn free_backup_path(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("data");
    let first = path.with_file_name(format!("{name}.bak"));
    if !first.exists() {
        return first;
    }
    (1..)
        .map(|n| path.with_file_name(format!("{name}.{n}.bak")))
        .find(|p| !p.exists())
        .expect("some backup name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_read_and_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("x.json");
        assert!(matches!(load::<Vec<u32>>(&path).unwrap(), Loaded::Missing));
        save(&path, &vec![1u32, 2]).unwrap();
        save(&path, &vec![3u32]).unwrap();
        assert!(matches!(load::<Vec<u32>>(&path).unwrap(), Loaded::Read(v) if v == vec![3]));
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("x.json")],
            "no temporary file is left"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn damaged_files_are_set_aside_without_overwriting_older_backups() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        fs::write(&path, "{ not json").unwrap();
        match load::<Vec<u32>>(&path).unwrap() {
            Loaded::SetAside { kept_as, reason } => {
                assert_eq!(kept_as, dir.path().join("x.json.bak"));
                assert!(!reason.is_empty() && !reason.contains("not json"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert!(!path.exists());
        fs::write(&path, "[\"wrong shape\"]").unwrap();
        assert!(
            matches!(load::<Vec<u32>>(&path).unwrap(), Loaded::SetAside { kept_as, .. } if kept_as == dir.path().join("x.json.1.bak"))
        );
        assert_eq!(fs::read_to_string(dir.path().join("x.json.bak")).unwrap(), "{ not json");
    }
}
