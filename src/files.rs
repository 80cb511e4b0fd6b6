//! Files written whole or not at all. The bytes go to a hidden `.NAME.partial` beside the
//! target, are synced, then renamed over it: a reader, a crash or a full disk never leaves half
//! a file under the real name (a printed calendar, a photo, a backup, an exchange file).
//! Errors name the file, so "no such folder" says which.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The hidden scratch name a write of `target` goes through.
pub fn partial_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.partial"))
}

/// Writes `bytes` to `target` through its partial file.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    write_with(target, |partial| {
        let mut file = File::create(partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(())
    })
}

/// Lets `write` fill the partial file (and sync it), then renames it to `target`. On any
/// failure the partial file is removed and `target` is as it was.
pub fn write_with(target: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let partial = partial_path(target);
    let renamed = write(&partial).and_then(|()| Ok(std::fs::rename(&partial, target)?));
    if let Err(error) = renamed {
        let _ = std::fs::remove_file(&partial);
        return Err(naming(target, error));
    }
    if let Some(dir) = target.parent() {
        sync_dir(dir);
    }
    Ok(())
}

/// Makes a rename durable: on Unix a directory's entries are flushed by syncing the directory.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A file-system error that names the file it happened to.
fn naming(target: &Path, error: Error) -> Error {
    match error {
        Error::Io(io) => Error::Io(std::io::Error::new(
            io.kind(),
            format!("{}: {io}", target.display()),
        )),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bp-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_scratch() {
        let dir = scratch("replace");
        let target = dir.join("日历.pdf");
        assert_eq!(partial_path(&target), dir.join(".日历.pdf.partial"));
        write_atomically(&target, b"old").unwrap();
        write_atomically(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(names(&dir), ["日历.pdf"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_names_the_target() {
        let dir = scratch("fail");
        let target = dir.join("taken.pdf");
        write_atomically(&target, b"old").unwrap();
        let err = write_with(&target, |partial| {
            std::fs::write(partial, b"half")?;
            Err(Error::Io(std::io::Error::other("disk full")))
        })
        .unwrap_err();
        assert!(err.to_string().contains("taken.pdf: disk full"), "{err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        assert_eq!(names(&dir), ["taken.pdf"]);

        // A folder where the file should go: the rename fails, nothing is left behind.
        std::fs::create_dir(dir.join("folder.pdf")).unwrap();
        assert!(write_atomically(&dir.join("folder.pdf"), b"%PDF").is_err());
        assert_eq!(names(&dir), ["folder.pdf", "taken.pdf"]);

        let missing = dir.join("no-such-folder").join("x.ics");
        let err = write_atomically(&missing, b"BEGIN:VCALENDAR").unwrap_err();
        assert!(
            err.to_string().contains("no-such-folder/x.ics"),
            "the message names the file: {err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
