//! Backup and restore as the app and the CLI use them: a backup now to a chosen place, what a
//! backup holds, a restore, the automatic backups' folder.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::backup::{self, AutoBackup, BackupFile, BackupManifest, RestoreOutcome};
use crate::error::{Error, FieldRule, Result};

/// A backup just written.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupDone {
    pub path: String,
    pub bytes: u64,
    pub manifest: BackupManifest,
}

/// The automatic backups and where they are kept.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupList {
    pub dir: String,
    /// Newest first.
    pub files: Vec<BackupFile>,
    pub keep: u32,
}

/// The file name the save dialog suggests.
pub fn default_file_name(now: NaiveDateTime) -> String {
    backup::backup_name(now)
}

/// Where `out` says to write: a folder (existing, or written with a trailing slash) gets a file
/// with the default name inside;
/// a file path gets `.bpbak` added when it has another ending.
pub fn target_path(out: &Path, now: NaiveDateTime) -> Result<PathBuf> {
    if out.as_os_str().is_empty() {
        return Err(Error::invalid("path", FieldRule::Required));
    }
    let text = out.as_os_str().to_string_lossy();
    // `--out /media/usb/` names a folder even before it exists.
    if out.is_dir() || text.ends_with('/') || text.ends_with('\\') {
        std::fs::create_dir_all(out)?;
        return Ok(backup::unique_backup_path(out, now));
    }
    let has_extension = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(backup::EXTENSION));
    Ok(if has_extension {
        out.to_path_buf()
    } else {
        let mut name = out.as_os_str().to_owned();
        name.push(format!(".{}", backup::EXTENSION));
        PathBuf::from(name)
    })
}

/// 立即备份: writes a backup of the open database to `out` (a folder or a file path).
pub fn backup_now(
    conn: &Connection,
    db_path: &Path,
    out: &Path,
    now: NaiveDateTime,
) -> Result<BackupDone> {
    let path = target_path(out, now)?;
    if path == db_path {
        return Err(Error::invalid("path", FieldRule::BadChoice));
    }
    let manifest = backup::create_backup(conn, db_path, &path, now)?;
    Ok(BackupDone {
        bytes: std::fs::metadata(&path)?.len(),
        path: path.display().to_string(),
        manifest,
    })
}

/// What a backup holds, shown before restoring it.
pub fn inspect(path: &Path) -> Result<BackupManifest> {
    backup::inspect_backup(path)
}

/// Replaces the data with the backup's, after a backup of the current data into the automatic
/// backup folder. No connection to `db_path` may be open (the app closes its own first).
pub fn restore(db_path: &Path, from: &Path, now: NaiveDateTime) -> Result<RestoreOutcome> {
    backup::restore(db_path, from, &backup::backups_dir(db_path), now)
}

/// The automatic backups, newest first, with the number kept.
pub fn list(conn: &Connection, db_path: &Path) -> Result<BackupList> {
    let dir = backup::backups_dir(db_path);
    Ok(BackupList {
        files: backup::list_backups(&dir)?,
        dir: dir.display().to_string(),
        keep: crate::api::settings::get(conn)?.auto_backup_keep,
    })
}

/// The backup on the first start of a day, keeping the number the settings say.
pub fn auto_backup(conn: &Connection, db_path: &Path, now: NaiveDateTime) -> Result<AutoBackup> {
    let keep = crate::api::settings::get(conn)?.auto_backup_keep;
    backup::auto_backup(conn, db_path, &backup::backups_dir(db_path), now, keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_a_dated_file_in_a_folder_or_the_named_file_with_bpbak() {
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
            .unwrap()
            .and_hms_opt(9, 30, 15)
            .unwrap();
        let name = "支部活动规划备份-2026-11-27-093015.bpbak";
        assert_eq!(target_path(dir.path(), now).unwrap(), dir.path().join(name));
        let new_folder = format!("{}/usb/", dir.path().display());
        assert_eq!(
            target_path(Path::new(&new_folder), now).unwrap(),
            dir.path().join("usb").join(name)
        );
        assert_eq!(
            target_path(&dir.path().join("a"), now).unwrap(),
            dir.path().join("a.bpbak")
        );
        assert_eq!(
            target_path(&dir.path().join("b.BPBAK"), now).unwrap(),
            dir.path().join("b.BPBAK")
        );
        assert!(target_path(Path::new(""), now).is_err());
    }
}
