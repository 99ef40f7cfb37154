//! Files Aurora writes for the user alone (the log, exports, the inventory
//! cache, the connection registry): mode 0600, and never through a symbolic
//! link. Another program that plants a link where one of these files goes
//! (pointing at a file it wants overwritten, or at a place it can read) gets
//! an error, not Aurora's data.
//!
//! std's `OpenOptions` has no "do not follow" switch, so the open flags are
//! set here with `O_NOFOLLOW` on Unix; `create_new` (`O_EXCL`) already
//! refuses any existing name, a dangling link included.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use rand::Rng;

/// Only the owner may read or write.
#[cfg(unix)]
pub const PRIVATE_MODE: u32 = 0o600;

fn private_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(PRIVATE_MODE)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    options
}

/// Creates `path`, which must not exist yet (not even as a dangling link).
pub fn create_new(path: &Path) -> io::Result<File> {
    private_options().write(true).create_new(true).open(path)
}

/// Opens `path` for appending, creating it if needed; a link at `path` is
/// refused, an existing file that group or others could read is made
/// private first.
pub fn open_append(path: &Path) -> io::Result<File> {
    let file = private_options().append(true).create(true).open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other(format!("{} is not a regular file", path.display())));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(fs::Permissions::from_mode(PRIVATE_MODE))?;
        }
    }
    Ok(file)
}

/// Reads `path` whole; `NotFound` when it is missing, an error when it is a
/// link or not a regular file (a FIFO would block, a device never end).
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = private_options()
        .read(true)
        .open(path)
        .map_err(|e| explain_link(path, e))?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(format!("{} is not a regular file", path.display())));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Replaces `path` with `bytes` atomically: a private temporary file beside
/// it, created exclusively and flushed, then renamed over it. A link at
/// `path` is replaced, never written through. Missing directories are
/// created readable by the owner only.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("data");
    let temp = dir.join(format!(".{file_name}.{:08x}.tmp", rand::thread_rng().gen::<u32>()));
    let written = create_new(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    sync_dir(dir);
    Ok(())
}

/// `create_dir_all`, with mode 0700 for the directories it creates.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes a rename durable where the OS allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// `O_NOFOLLOW` on a link fails with ELOOP ("too many levels of symbolic
/// links"), which does not say what happened.
fn explain_link(path: &Path, e: io::Error) -> io::Error {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return io::Error::other(format!(
            "{} is a symbolic link, which Aurora does not follow",
            path.display()
        ));
    }
    let _ = path;
    e
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::{symlink, PermissionsExt};

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn created_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("a");
        create_new(&new).unwrap().write_all(b"x").unwrap();
        assert_eq!(mode(&new), 0o600);
        assert_eq!(create_new(&new).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        let nested = dir.path().join("d1/d2/f.json");
        write_atomic(&nested, b"{}").unwrap();
        assert_eq!((mode(&nested), mode(&dir.path().join("d1/d2"))), (0o600, 0o700));
        let log = dir.path().join("log");
        fs::write(&log, "old\n").unwrap();
        fs::set_permissions(&log, fs::Permissions::from_mode(0o644)).unwrap();
        open_append(&log).unwrap().write_all(b"new\n").unwrap();
        assert_eq!(
            (mode(&log), fs::read_to_string(&log).unwrap().as_str()),
            (0o600, "old\nnew\n")
        );
    }

    #[test]
    fn links_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        let dangling = dir.path().join("dangling");
        symlink(&target, &dangling).unwrap();
        assert!(create_new(&dangling).is_err());
        assert!(open_append(&dangling).is_err());
        assert!(!target.exists(), "nothing was written through the link");

        fs::write(&target, "victim").unwrap();
        let link = dir.path().join("link");
        symlink(&target, &link).unwrap();
        assert!(open_append(&link).is_err());
        let e = read(&link).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        write_atomic(&link, b"new").unwrap();
        assert_eq!(
            fs::read_to_string(&target).unwrap(),
            "victim",
            "the link was replaced, not followed"
        );
        assert_eq!(fs::read_to_string(&link).unwrap(), "new");
        assert!(!fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }
}
