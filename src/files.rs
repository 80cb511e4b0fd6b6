//! The one writer of output files: every file the app writes (a printed calendar, an Excel
//! sheet, a photo, a backup, an exchange file, an export) goes through `write_with`.
//!
//! - **Whole or not at all**: the bytes go to a hidden scratch file beside the target, unique
//!   to this writer (`.NAME.<pid>-<n>.partial`, created exclusively), are synced, then renamed
//!   over the target. A reader, a crash, a full disk or a second writer to the same name at the
//!   same moment never leaves half a file under the real name; of two writers one wins whole.
//! - **Never over a data file**: a target that resolves (symlinks followed, hard links by
//!   identity) to a protected file, the open database with its `-wal`/`-shm`/`-journal`, or a
//!   backup being read, is refused with `Error::OutputIsDataFile` before anything is written.
//! - Errors name the file, so "no such folder" says which.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Files of this process that no output may replace.
static PROTECTED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Tells scratch names of one process apart.
static NEXT_SCRATCH: AtomicU64 = AtomicU64::new(0);

/// A file SQLite keeps beside a database: `planner.sqlite3` → `planner.sqlite3-wal`.
pub fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Protects an open database and the files SQLite keeps beside it.
pub fn protect_database(db: &Path) {
    let mut files = vec![db.to_path_buf()];
    files.extend(["-wal", "-shm", "-journal"].map(|s| sidecar(db, s)));
    protect_all(files);
}

/// Protects `file` while the guard lives (a backup or an exchange file being read).
pub fn protect_while(file: &Path) -> ProtectGuard {
    let real = resolve(file);
    PROTECTED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(real.clone());
    ProtectGuard(real)
}

/// Releases the protection of `protect_while` when dropped; holds the path as the list does
/// (resolved), so a relative or `..` path is released too.
#[must_use]
pub struct ProtectGuard(PathBuf);

impl Drop for ProtectGuard {
    fn drop(&mut self) {
        let mut list = PROTECTED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = list.iter().position(|p| *p == self.0) {
            list.remove(i);
        }
    }
}

/// Adds each file once: the database is opened again by every batch print and restore.
fn protect_all(files: Vec<PathBuf>) {
    let mut list = PROTECTED.lock().unwrap_or_else(|e| e.into_inner());
    for real in files.iter().map(|f| resolve(f)) {
        if !list.contains(&real) {
            list.push(real);
        }
    }
}

/// `path` with symlinks and `..` resolved: the file itself when it exists, else its folder's
/// real path joined with its name.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            std::fs::canonicalize(dir).map_or_else(|_| path.to_path_buf(), |d| d.join(name))
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Refuses a target that is (or would replace) a protected data file.
pub fn check_output(target: &Path) -> Result<()> {
    let real = resolve(target);
    let list = PROTECTED.lock().unwrap_or_else(|e| e.into_inner());
    if list.iter().any(|p| *p == real || same_file(p, &real)) {
        return Err(Error::OutputIsDataFile {
            file: target.display().to_string(),
        });
    }
    Ok(())
}

/// A new empty scratch file beside `target`, created exclusively so no two writers share it.
fn scratch_for(target: &Path) -> Result<PathBuf> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    loop {
        let n = NEXT_SCRATCH.fetch_add(1, Ordering::Relaxed);
        let path = target.with_file_name(format!(".{name}.{}-{n}.partial", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => return Ok(path),
            // Left by a crashed process that had our pid: take the next number.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(naming(target, e.into())),
        }
    }
}

/// Writes `bytes` to `target` through a scratch file.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    write_with(target, |partial| {
        let mut file = OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        Ok(())
    })
}

/// Copies the file `from` to `target` through a scratch file, flushed before the rename.
pub fn copy_file(from: &Path, target: &Path) -> Result<()> {
    write_with(target, |partial| {
        std::fs::copy(from, partial).map_err(|e| naming(from, e.into()))?;
        File::open(partial)?.sync_all()?;
        Ok(())
    })
}

/// Reads a whole input file of at most `limit` bytes: the size is checked before reading, and
/// no more than the limit is read should the file grow meanwhile. A missing or larger file is
/// refused, naming it.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let too_large = |bytes| Error::FileTooLarge {
        file: path.display().to_string(),
        bytes,
        limit,
    };
    let file = open_input(path)?;
    let bytes = file.metadata().map_err(|e| naming(path, e.into()))?.len();
    if bytes > limit {
        return Err(too_large(bytes));
    }
    let mut data = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut data)
        .map_err(|e| naming(path, e.into()))?;
    if data.len() as u64 > limit {
        return Err(too_large(data.len() as u64));
    }
    Ok(data)
}

/// Lets `write` fill the scratch file at the path it is given (it exists, empty, and is this
/// writer's alone) and sync it, then renames it to `target`. On any failure the scratch file
/// is removed and `target` is as it was.
pub fn write_with(target: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    check_output(target)?;
    let partial = scratch_for(target)?;
    let renamed = write(&partial).and_then(|()| {
        // Checked again: the target may have become a link to a data file meanwhile.
        check_output(target)?;
        Ok(std::fs::rename(&partial, target)?)
    });
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
pub(crate) fn naming(target: &Path, error: Error) -> Error {
    match error {
        Error::Io(source) => Error::File {
            file: target.display().to_string(),
            source,
        },
        other => other,
    }
}

/// Opens a file to read, naming it in the error (a missing input file says which).
pub fn open_input(path: &Path) -> Result<File> {
    File::open(path).map_err(|e| naming(path, e.into()))
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
            Err(Error::Io(std::io::ErrorKind::StorageFull.into()))
        })
        .unwrap_err();
        // A full disk is said in Chinese, with the file, and the UI gets its own code.
        assert!(err.to_string().contains("taken.pdf: 磁盘空间已满"), "{err}");
        assert_eq!(err.code(), crate::error::ErrorCode::DiskFull);
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

    #[test]
    fn no_output_replaces_the_open_database_or_a_file_beside_it() {
        let dir = scratch("protect");
        let db = dir.join("planner.sqlite3");
        std::fs::write(&db, b"SQLite format 3").unwrap();
        std::fs::write(dir.join("planner.sqlite3-wal"), b"wal").unwrap();
        protect_database(&db);
        std::fs::create_dir(dir.join("sub")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&db, dir.join("link.xlsx")).unwrap();
            std::fs::hard_link(&db, dir.join("hard.pdf")).unwrap();
        }
        let mut targets = vec![
            db.clone(),
            dir.join("planner.sqlite3-wal"),
            dir.join("planner.sqlite3-shm"),
            dir.join("planner.sqlite3-journal"),
            dir.join("sub").join("..").join("planner.sqlite3"),
        ];
        if cfg!(unix) {
            targets.extend([dir.join("link.xlsx"), dir.join("hard.pdf")]);
        }
        for target in &targets {
            let err = write_atomically(target, b"PK export").unwrap_err();
            assert!(
                matches!(err, Error::OutputIsDataFile { .. }),
                "{}: {err}",
                target.display()
            );
        }
        assert_eq!(std::fs::read(&db).unwrap(), b"SQLite format 3");
        assert_eq!(
            std::fs::read(dir.join("planner.sqlite3-wal")).unwrap(),
            b"wal"
        );
        assert!(!names(&dir).iter().any(|n| n.ends_with(".partial")));
        // Another name in the same folder is fine.
        write_atomically(&dir.join("members.xlsx"), b"PK").unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_backup_being_read_is_protected_only_while_it_is_read() {
        let dir = scratch("reading");
        let backup = dir.join("备份.bpbak");
        std::fs::write(&backup, b"PK backup").unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        {
            // Named another way than it is written to: the guard still releases it.
            let _reading = protect_while(&dir.join("sub").join("..").join("备份.bpbak"));
            assert!(matches!(
                write_atomically(&backup, b"safety"),
                Err(Error::OutputIsDataFile { .. })
            ));
        }
        assert_eq!(std::fs::read(&backup).unwrap(), b"PK backup");
        write_atomically(&backup, b"new").unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writers_to_the_same_name_at_the_same_moment_never_mix() {
        let dir = scratch("race");
        let target = dir.join("same.bpbak");
        let contents: Vec<Vec<u8>> = (0..8u8).map(|i| vec![b'a' + i; 256 * 1024]).collect();
        std::thread::scope(|scope| {
            for body in &contents {
                let target = &target;
                scope.spawn(move || {
                    write_with(target, |partial| {
                        // Written in pieces, so the writers overlap.
                        let mut file = OpenOptions::new().write(true).open(partial)?;
                        for chunk in body.chunks(4096) {
                            file.write_all(chunk)?;
                            std::thread::yield_now();
                        }
                        file.sync_all()?;
                        Ok(())
                    })
                    .unwrap();
                });
            }
        });
        let written = std::fs::read(&target).unwrap();
        assert!(
            contents.contains(&written),
            "the file is one writer's whole content"
        );
        assert_eq!(names(&dir), ["same.bpbak"], "no scratch file is left");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
