//! Writing output files: checked before the work that fills them, and written
//! atomically (a temporary file in the same folder, flushed, renamed over the old
//! one), so that a failure leaves the old file as it was. Workspaces, reports, PNGs
//! and logs all go through here.

use std::io::Write;
use std::path::Path;

use crate::error::{WriteError, check_folder, folder_of};

/// Checks, before any long work, that a file can be written at `path`: its folder
/// exists and takes a new file (tried with a temporary file, removed at once).
pub fn check_writable(path: &Path) -> Result<(), WriteError> {
    check_folder(path)?;
    tempfile::Builder::new()
        .prefix(".gatebench-check-")
        .tempfile_in(folder_of(path))
        .map(drop)
        .map_err(|source| WriteError::Io {
            path: path.to_path_buf(),
            source,
        })
}

/// Writes `bytes` to `path` atomically: to a temporary file in the same folder,
/// flushed to disk, then renamed over `path`. A failure leaves `path` as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Like [`write_atomic`], with the content from `write`; if `write` fails, `path`
/// stays as it was and the temporary file is removed.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let io = |e| WriteError::io(path, e);
    let mut temp = tempfile::Builder::new()
        .prefix(".gatebench-")
        .suffix(".tmp")
        .tempfile_in(folder_of(path))
        .map_err(io)?;
    write(temp.as_file_mut()).map_err(io)?;
    // A temporary file is private; what it becomes is not: the old file's
    // permissions, or those of a new file.
    let permissions = match std::fs::metadata(path) {
        Ok(old) => Some(old.permissions()),
        Err(_) => new_file_permissions(),
    };
    if let Some(p) = permissions {
        let _ = temp.as_file().set_permissions(p);
    }
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// What a new file gets: read and write for its owner, read for the others.
#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere the temporary file's own permissions are a new file's.
#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_named_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nodir/report.html");
        let e = check_writable(&path).unwrap_err().to_string();
        assert!(
            e.ends_with(&format!(
                "report.html: cannot write: the folder {} does not exist",
                dir.path().join("nodir").display()
            )),
            "{e}"
        );
        let e = write_atomic(&path, b"x").unwrap_err().to_string();
        assert!(
            e.contains("the folder") && e.contains("does not exist"),
            "{e}"
        );
        let e = check_writable(dir.path()).unwrap_err().to_string();
        assert!(e.ends_with("it is a folder; expected a file name"), "{e}");
        let file = dir.path().join("plain");
        std::fs::write(&file, "x").unwrap();
        let e = check_writable(&file.join("out.png"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("is not a folder"), "{e}");
        assert!(check_writable(&dir.path().join("ok.html")).is_ok());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no file left"
        );
    }
}
