//! Backups: one `.bpbak` file (a zip) holding a manifest, a consistent copy of the database made
//! with SQLite's online backup API, and the photo files. Restoring one, and the automatic backup
//! on the first start of each day, live here too.
//!
//! Layout of a `.bpbak` (documented in the README; bump `FORMAT_VERSION` when it changes in a way
//! an older app could not read):
//! - `manifest.json`: [`BackupManifest`], written first;
//! - `database.sqlite3`: the whole database, a self-contained file (no WAL beside it);
//! - `photos/<stored name>`: every file of the photo folder (photos and their thumbnails).

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::{self, migrations};
use crate::error::{Error, Result};
use crate::files;
use crate::manifest::{self, Problem};
use crate::photo::PhotoStore;
use crate::review::audit::ChainHead;

/// Written into every manifest, so a zip of something else is told apart from a backup.
pub const FORMAT: &str = "branch-planner-backup";
/// The layout version this app writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
pub const EXTENSION: &str = "bpbak";
/// Every backup file is called `支部活动规划备份-YYYY-MM-DD-HHMMSS[-k].bpbak`.
pub const NAME_PREFIX: &str = "支部活动规划备份-";
pub const MANIFEST_ENTRY: &str = "manifest.json";
pub const DATABASE_ENTRY: &str = "database.sqlite3";
pub const PHOTOS_PREFIX: &str = "photos/";
/// Automatic backups kept unless the user chose another number.
pub const DEFAULT_KEEP: u32 = 10;
pub const MAX_KEEP: u32 = 100;
const MANIFEST_FORMAT: manifest::Format = manifest::Format {
    magic: FORMAT,
    version: FORMAT_VERSION,
    noun: "备份",
    version_name: "备份格式版本",
};
/// A manifest is a few hundred bytes; anything much bigger is not ours.
const MAX_MANIFEST_BYTES: u64 = 1 << 20;
const STAMP_FORMAT: &str = "%Y-%m-%d-%H%M%S";

/// How much of each kind the backup holds, shown before a restore.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupCounts {
    pub towns: u32,
    pub communities: u32,
    pub branches: u32,
    pub members: u32,
    pub activities: u32,
    pub points: u32,
    pub reviews: u32,
    pub photos: u32,
}

/// `manifest.json`: what a backup is and holds. Unknown fields are ignored when reading, so a
/// later app may add fields without a new format version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupManifest {
    /// Always `branch-planner-backup`.
    pub format: String,
    pub format_version: u32,
    /// The version of the app that wrote it.
    pub app_version: String,
    /// Local time on the computer that made it.
    #[ts(type = "string")]
    pub created_at: NaiveDateTime,
    /// `PRAGMA user_version` of the database inside: the number of migrations applied.
    pub schema_version: i64,
    pub counts: BackupCounts,
    pub database_bytes: u64,
    /// Files under `photos/` (photos and thumbnails).
    pub photo_files: u32,
    pub photo_bytes: u64,
    /// The head of the review audit chain inside (entries and the last hash), so a database
    /// whose newest audit entries were cut off after the backup was made is told apart on
    /// restore. Absent in backups made before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub review_audit: Option<ChainHead>,
}

/// A backup file in the automatic backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupFile {
    pub name: String,
    pub path: String,
    /// From the file name (the manifest says the same; the name is cheaper to read).
    #[ts(type = "string")]
    pub created_at: NaiveDateTime,
    pub bytes: u64,
}

/// What the daily automatic backup did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AutoBackup {
    /// The backup made now, or none when today's exists already (or there is nothing to keep).
    pub made: Option<BackupFile>,
    /// Older backups deleted to keep the chosen number.
    pub removed: Vec<String>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestoreOutcome {
    pub restored: BackupManifest,
    /// The backup of the data as it was just before (in the automatic backup folder).
    pub safety_backup: Option<String>,
}

/// `支部活动规划备份-2026-11-27-093015.bpbak`.
pub fn backup_name(at: NaiveDateTime) -> String {
    format!("{NAME_PREFIX}{}.{EXTENSION}", at.format(STAMP_FORMAT))
}

/// The time in a backup's file name; `None` for any other file.
pub fn parse_backup_name(name: &str) -> Option<NaiveDateTime> {
    let rest = name.strip_prefix(NAME_PREFIX)?;
    let rest = rest.strip_suffix(&format!(".{EXTENSION}"))?;
    // A second backup in the same second gets `-2`, `-3`, ...
    let stamp = match rest.get(17..) {
        Some("") => rest,
        Some(suffix)
            if suffix
                .strip_prefix('-')
                .is_some_and(|k| k.parse::<u32>().is_ok()) =>
        {
            &rest[..17]
        }
        _ => return None,
    };
    NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).ok()
}

/// A path in `dir` for a backup made at `at` that no file has yet.
pub fn unique_backup_path(dir: &Path, at: NaiveDateTime) -> PathBuf {
    let mut path = dir.join(backup_name(at));
    let mut k = 1;
    while path.exists() {
        k += 1;
        path = dir.join(format!(
            "{NAME_PREFIX}{}-{k}.{EXTENSION}",
            at.format(STAMP_FORMAT)
        ));
    }
    path
}

/// The automatic backup folder: `backups/` beside the database file.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    dir_of(db_path).join("backups")
}

fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A scratch folder removed when dropped (also after an error); a crash leaves it behind, and
/// it holds nothing the app reads.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new(parent: &Path, purpose: &str) -> Result<Self> {
        std::fs::create_dir_all(parent)?;
        let path = parent.join(format!(".{purpose}-{}.tmp", db::new_id()));
        std::fs::create_dir(&path)?;
        Ok(WorkDir(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn count(conn: &Connection, table: &str) -> Result<u32> {
    // A backup made by an older schema may lack a table (reviews came in version 8).
    let exists: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [table],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(0);
    }
    let n: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| {
        r.get(0)
    })?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The head of the review audit chain (how many entries, the last hash); `None` for a schema
/// from before reviews.
pub fn audit_head(conn: &Connection) -> Result<Option<ChainHead>> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'review_audit')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(None);
    }
    Ok(Some(conn.query_row(
        "SELECT COUNT(*), (SELECT hash FROM review_audit ORDER BY seq DESC LIMIT 1)
         FROM review_audit",
        [],
        |r| {
            Ok(ChainHead {
                entries: r.get(0)?,
                hash: r.get(1)?,
            })
        },
    )?))
}

/// The counts shown in a manifest.
pub fn counts(conn: &Connection) -> Result<BackupCounts> {
    Ok(BackupCounts {
        towns: count(conn, "town")?,
        communities: count(conn, "community")?,
        branches: count(conn, "branch")?,
        members: count(conn, "member")?,
        activities: count(conn, "activity")?,
        points: count(conn, "demo_point")?,
        reviews: count(conn, "review")?,
        photos: count(conn, "photo")?,
    })
}

/// The regular files of the photo folder, by name, skipping half-written `.partial` files.
fn photo_files(store: &PhotoStore) -> Result<Vec<(String, PathBuf, u64)>> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(store.dir()) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(e.into()),
    };
    for entry in entries {
        let entry = entry?;
        let meta = entry.metadata()?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if meta.is_file() && safe_photo_name(&name) && !name.ends_with(".partial") {
            files.push((name, entry.path(), meta.len()));
        }
    }
    files.sort();
    Ok(files)
}

/// Photo names the app writes are `<uuid>.<ext>` and `<uuid>.thumb.jpg`; a name in a backup
/// must be as plain, so extracting it cannot reach outside the photo folder.
fn safe_photo_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Writes a backup of the open database and its photos to `out` (a full file path). The file
/// appears whole or not at all: it is written under a temporary name, flushed, then renamed.
pub fn create_backup(
    conn: &Connection,
    db_path: &Path,
    out: &Path,
    now: NaiveDateTime,
) -> Result<BackupManifest> {
    let work = WorkDir::new(&dir_of(db_path), "backup")?;
    let snapshot = work.path().join(DATABASE_ENTRY);
    // The online backup API copies a consistent state even while others write.
    conn.backup(
        rusqlite::MAIN_DB,
        &snapshot,
        None::<fn(rusqlite::backup::Progress)>,
    )?;
    let (counts, schema_version, review_audit) = {
        let snap = Connection::open(&snapshot)?;
        // A single self-contained file: no -wal beside it to lose.
        snap.pragma_update(None, "journal_mode", "DELETE")?;
        let version: i64 = snap.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        (counts(&snap)?, version, audit_head(&snap)?)
    };
    let photos = photo_files(&PhotoStore::for_database(db_path))?;
    let manifest = BackupManifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: now,
        schema_version,
        counts,
        database_bytes: std::fs::metadata(&snapshot)?.len(),
        photo_files: u32::try_from(photos.len()).unwrap_or(u32::MAX),
        photo_bytes: photos.iter().map(|(_, _, len)| len).sum(),
        review_audit,
    };

    let out_dir = dir_of(out);
    std::fs::create_dir_all(&out_dir)?;
    files::write_with(out, |partial| {
        write_zip(partial, &manifest, &snapshot, &photos)
    })?;
    Ok(manifest)
}

fn write_zip(
    target: &Path,
    manifest: &BackupManifest,
    snapshot: &Path,
    photos: &[(String, PathBuf, u64)],
) -> Result<()> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    let zip_error = |e: zip::result::ZipError| Error::Io(std::io::Error::other(e));
    let file = File::create(target)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true);
    // Photos are compressed already.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    zip.start_file(MANIFEST_ENTRY, deflated)
        .map_err(zip_error)?;
    let json = serde_json::to_vec_pretty(manifest).map_err(std::io::Error::other)?;
    zip.write_all(&json)?;
    zip.start_file(DATABASE_ENTRY, deflated)
        .map_err(zip_error)?;
    std::io::copy(&mut File::open(snapshot)?, &mut zip)?;
    for (name, path, _) in photos {
        zip.start_file(format!("{PHOTOS_PREFIX}{name}"), stored)
            .map_err(zip_error)?;
        match File::open(path) {
            Ok(mut f) => {
                std::io::copy(&mut f, &mut zip)?;
            }
            // Removed since the folder was listed: the database copy no longer refers to it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    let writer = zip.finish().map_err(zip_error)?;
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(())
}

fn damaged(what: impl std::fmt::Display) -> Error {
    Error::BackupDamaged(what.to_string())
}

/// Opens a file as a backup archive: a file that is no zip at all is not a backup; a zip whose
/// directory is unreadable (cut short on a USB stick) is a damaged one.
fn open_archive(path: &Path) -> Result<zip::ZipArchive<File>> {
    let mut file = files::open_input(path)?;
    let mut magic = [0u8; 4];
    let read = file.read(&mut magic)?;
    file.rewind()?;
    let looks_like_zip = read == 4 && magic == *b"PK\x03\x04";
    zip::ZipArchive::new(file).map_err(|e| {
        if looks_like_zip {
            damaged(format!("无法读取压缩包目录（{e}）"))
        } else {
            Error::NotABackup("文件不是备份压缩包".to_owned())
        }
    })
}

fn read_manifest<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<BackupManifest> {
    let entry = zip
        .by_name(MANIFEST_ENTRY)
        .map_err(|_| Error::NotABackup("压缩包里没有 manifest.json".to_owned()))?;
    if entry.size() > MAX_MANIFEST_BYTES {
        return Err(Error::NotABackup("manifest.json 过大".to_owned()));
    }
    let mut text = Vec::new();
    entry
        .take(MAX_MANIFEST_BYTES)
        .read_to_end(&mut text)
        .map_err(|e| damaged(format!("manifest.json 无法读出（{e}）")))?;
    manifest::parse(&text, &MANIFEST_FORMAT, |m: &BackupManifest| {
        m.schema_version
    })
    .map_err(|problem| match problem {
        Problem::NotOurs(why) => Error::NotABackup(why),
        Problem::TooNew { what, found, known } => Error::BackupTooNew { what, found, known },
        Problem::Damaged(why) => damaged(why),
    })
}

/// Reads what a backup holds, to show before restoring. Refuses, with a typed error, a file
/// that is not a backup, a damaged one (the database entry is read through, checking its CRC),
/// and one from a newer format or schema.
pub fn inspect_backup(path: &Path) -> Result<BackupManifest> {
    let mut zip = open_archive(path)?;
    let manifest = read_manifest(&mut zip)?;
    let entry = zip
        .by_name(DATABASE_ENTRY)
        .map_err(|_| damaged("缺少数据库文件"))?;
    let declared = entry.size();
    // Refused before reading a byte: the manifest says how large the database was made.
    if declared != manifest.database_bytes {
        return Err(damaged(format!(
            "数据库文件 {declared} 字节，备份说明中是 {} 字节",
            manifest.database_bytes
        )));
    }
    let read = std::io::copy(&mut entry.take(declared), &mut std::io::sink())
        .map_err(|e| damaged(format!("数据库文件无法读出（{e}）")))?;
    // `declared` is the manifest's size (checked above); the entry must hold all of it.
    if read != declared {
        return Err(damaged("数据库文件不完整"));
    }
    Ok(manifest)
}

/// Extracts the database and the photos into `dir`, each photo flushed to disk; checks every
/// CRC and that the photo count matches the manifest.
fn extract(path: &Path, dir: &Path, manifest: &BackupManifest) -> Result<()> {
    let mut zip = open_archive(path)?;
    let photo_dir = dir.join("photos");
    std::fs::create_dir_all(&photo_dir)?;
    let mut photos = 0u32;
    let mut database = false;
    for index in 0..zip.len() {
        let entry = zip.by_index(index).map_err(damaged)?;
        let name = entry.name().map_err(damaged)?.into_owned();
        let target = if name == DATABASE_ENTRY {
            database = true;
            dir.join(DATABASE_ENTRY)
        } else if let Some(photo) = name.strip_prefix(PHOTOS_PREFIX) {
            if !safe_photo_name(photo) {
                return Err(damaged(format!("照片文件名不合规：{name}")));
            }
            photos += 1;
            photo_dir.join(photo)
        } else {
            // The manifest, or an entry a later app version added: not needed here.
            continue;
        };
        let declared = entry.size();
        let mut out = File::create(&target)?;
        let copied = std::io::copy(&mut entry.take(declared), &mut out)
            .map_err(|e| damaged(format!("{name} 无法读出（{e}）")))?;
        if copied != declared {
            return Err(damaged(format!("{name} 不完整")));
        }
        out.sync_all()?;
    }
    if !database {
        return Err(damaged("缺少数据库文件"));
    }
    if photos != manifest.photo_files {
        return Err(damaged(format!(
            "照片文件 {photos} 个，说明里是 {} 个",
            manifest.photo_files
        )));
    }
    Ok(())
}

/// The extracted database must pass SQLite's own check, be at the schema version its manifest
/// names with exactly the tables, indexes and triggers this app's migrations make of it, and
/// read through table by table; then it is brought to this app's schema (a backup of an older
/// version is migrated here, before anything is replaced) and read through again.
fn prepare_database(path: &Path, manifest: &BackupManifest) -> Result<()> {
    {
        let conn = Connection::open(path)?;
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| damaged(format!("数据库无法打开（{e}）")))?;
        if check != "ok" {
            return Err(damaged(format!("数据库完整性检查未通过：{check}")));
        }
        let version = migrations::current_version(&conn)?;
        if version != manifest.schema_version {
            return Err(damaged(format!(
                "数据库版本为 {version}，备份说明中是 {}",
                manifest.schema_version
            )));
        }
        if let Some(difference) = migrations::schema_difference(&conn, version)? {
            return Err(damaged(format!("数据库不是本程序的：{difference}")));
        }
        read_every_table(&conn)?;
    }
    let conn = db::open(path).map_err(|e| match e {
        Error::Sqlite(e) => damaged(format!("数据库无法升级到本版本（{e}）")),
        other => other,
    })?;
    read_every_table(&conn)?;
    // Closing the last connection folds the WAL back into the file.
    drop(conn);
    Ok(())
}

/// Reads every row and value of every table, so a page the integrity check let pass but a
/// query cannot read is found in the scratch copy, not after the swap.
fn read_every_table(conn: &Connection) -> Result<()> {
    for (kind, table, _) in migrations::schema(conn)? {
        if kind != "table" {
            continue;
        }
        let unreadable = |e: rusqlite::Error| damaged(format!("表 {table} 无法读出（{e}）"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .map_err(unreadable)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).map_err(unreadable)?;
        while let Some(row) = rows.next().map_err(unreadable)? {
            for i in 0..columns {
                row.get_ref(i).map_err(unreadable)?;
            }
        }
    }
    Ok(())
}

/// The database inside must end its review audit chain where the manifest says it did when
/// the backup was made: entries cut off (or added) since are a damaged backup, refused before
/// anything is replaced.
fn check_audit_head(path: &Path, manifest: &BackupManifest) -> Result<()> {
    let Some(recorded) = &manifest.review_audit else {
        return Ok(());
    };
    let found = audit_head(&Connection::open(path)?)?.unwrap_or_default();
    if &found != recorded {
        return Err(damaged(format!(
            "评议审计记录与备份说明不符：说明中 {} 条（末条 {}），数据库中 {} 条（末条 {}）",
            recorded.entries,
            recorded.short_hash(),
            found.entries,
            found.short_hash()
        )));
    }
    Ok(())
}

/// Whether SQLite says the file itself is broken (not a database, or a damaged page), as
/// opposed to busy or missing: such a file is rescued by a restore, never a reason to refuse one.
fn is_broken(error: &Error) -> bool {
    error.code() == crate::error::ErrorCode::DatabaseDamaged
}

/// What the current database is when a restore is about to replace it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Current {
    /// No database file yet.
    None,
    /// A healthy database that nobody else has open.
    Sole,
    /// A file SQLite cannot use (zeroed header, damaged page): nobody can be working in it.
    Broken,
}

/// Nobody else may have the database open while it is replaced: switching it out of WAL needs
/// sole access, folds the WAL into the file and removes the -wal and -shm files, so the file
/// renamed in place is never paired with an old WAL. A file SQLite cannot read is `Broken`.
fn take_sole_access(db_path: &Path) -> Result<Current> {
    if !db_path.exists() {
        return Ok(Current::None);
    }
    let attempt = || -> Result<String> {
        let conn = Connection::open(db_path)?;
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        Ok(conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?)
    };
    match attempt() {
        Ok(mode) if mode.eq_ignore_ascii_case("delete") => Ok(Current::Sole),
        Ok(_) => Err(Error::DatabaseBusy),
        Err(error) if is_broken(&error) => Ok(Current::Broken),
        Err(_) => Err(Error::DatabaseBusy),
    }
}

/// The backup of the current data taken before a restore (after sole access is known, so a
/// refused restore writes none). A database SQLite cannot read is copied aside as it is, with
/// its -wal, so a restore still rescues a broken one and the damaged file can be examined.
fn safety_backup(
    db_path: &Path,
    current: Current,
    backups: &Path,
    now: NaiveDateTime,
) -> Result<Option<PathBuf>> {
    if current == Current::None {
        return Ok(None);
    }
    std::fs::create_dir_all(backups)?;
    if current == Current::Sole {
        // Read-only and without migrating: the file is only read, and it is about to go.
        let conn =
            Connection::open_with_flags(db_path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let target = unique_backup_path(backups, now);
        match create_backup(&conn, db_path, &target, now) {
            Ok(_) => return Ok(Some(target)),
            Err(error) if is_broken(&error) => {}
            Err(error) => return Err(error),
        }
    }
    let target = backups.join(format!(
        "恢复前无法打开的数据库-{}.sqlite3",
        now.format(STAMP_FORMAT)
    ));
    files::copy_file(db_path, &target)?;
    let wal = files::sidecar(db_path, "-wal");
    if wal.exists() {
        files::copy_file(&wal, &files::sidecar(&target, "-wal"))?;
    }
    Ok(Some(target))
}

/// Replaces the database at `db_path` and its photos with a backup's. The caller closes its own
/// connection first and reopens after.
///
/// Order, so that a crash at any moment leaves either the old or the new data whole:
/// 1. check the backup and extract it into a scratch folder beside the database; the database
///    must pass `PRAGMA integrity_check` and is migrated there;
/// 2. back up the current data into `backups`;
/// 3. move the backup's photos into the photo folder beside the current ones (photo names are
///    ids, so the old database still finds all of its own);
/// 4. rename the new database over the old: the one step that switches;
/// 5. delete photo files the new database does not refer to (leftovers are only extra files).
pub fn restore(
    db_path: &Path,
    backup: &Path,
    backups: &Path,
    now: NaiveDateTime,
) -> Result<RestoreOutcome> {
    // The safety backup must not be written over the backup being restored.
    let _reading = files::protect_while(backup);
    let manifest = inspect_backup(backup)?;
    let parent = dir_of(db_path);
    let work = WorkDir::new(&parent, "restore")?;
    extract(backup, work.path(), &manifest)?;
    let staged = work.path().join(DATABASE_ENTRY);
    prepare_database(&staged, &manifest)?;
    check_audit_head(&staged, &manifest)?;

    let current = take_sole_access(db_path)?;
    let safety = safety_backup(db_path, current, backups, now)?;
    match current {
        // Someone may have opened it while the safety backup was written.
        Current::Sole => {
            take_sole_access(db_path)?;
        }
        // A broken file's -wal and -shm (copied aside above) must not meet the new database.
        Current::Broken => {
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(files::sidecar(db_path, suffix));
            }
        }
        Current::None => {}
    }

    let store = PhotoStore::for_database(db_path);
    std::fs::create_dir_all(store.dir())?;
    for entry in std::fs::read_dir(work.path().join("photos"))? {
        let entry = entry?;
        let target = store.dir().join(entry.file_name());
        if !target.exists() {
            std::fs::rename(entry.path(), target)?;
        }
    }
    files::sync_dir(store.dir());

    std::fs::rename(&staged, db_path)?;
    files::sync_dir(&parent);

    remove_unreferenced_photos(db_path, &store)?;
    Ok(RestoreOutcome {
        restored: manifest,
        safety_backup: safety.map(|p| p.display().to_string()),
    })
}

fn remove_unreferenced_photos(db_path: &Path, store: &PhotoStore) -> Result<()> {
    let conn = Connection::open(db_path)?;
    let mut stmt = conn.prepare("SELECT stored_name FROM photo")?;
    let mut keep = std::collections::HashSet::new();
    for name in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let name = name?;
        if let Some(thumb) = store.thumbnail_path(&name).file_name() {
            keep.insert(thumb.to_string_lossy().into_owned());
        }
        keep.insert(name);
    }
    for (name, path, _) in photo_files(store)? {
        if !keep.contains(&name) {
            let _ = std::fs::remove_file(path);
        }
    }
    Ok(())
}

/// The backups in `dir`, newest first; other files are not listed (and never deleted).
pub fn list_backups(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(created_at) = parse_backup_name(&name) else {
            continue;
        };
        let meta = entry.metadata()?;
        if meta.is_file() {
            files.push(BackupFile {
                name,
                path: entry.path().display().to_string(),
                created_at,
                bytes: meta.len(),
            });
        }
    }
    files.sort_by(|a, b| (b.created_at, &b.name).cmp(&(a.created_at, &a.name)));
    Ok(files)
}

/// Whether a backup made on `today` is in the list.
pub fn has_backup_of(files: &[BackupFile], today: NaiveDate) -> bool {
    files.iter().any(|f| f.created_at.date() == today)
}

/// Deletes backups beyond the newest `keep` (at least one is always kept).
pub fn prune(dir: &Path, keep: u32) -> Result<Vec<String>> {
    let keep = keep.max(1) as usize;
    let mut removed = Vec::new();
    for old in list_backups(dir)?.into_iter().skip(keep) {
        std::fs::remove_file(&old.path)?;
        removed.push(old.name);
    }
    Ok(removed)
}

/// The automatic backup at start-up: one on the first start of each day (none when one made on
/// `now`'s day is in `dir`, or when the register is still empty), then only the newest `keep`
/// are kept.
pub fn auto_backup(
    conn: &Connection,
    db_path: &Path,
    dir: &Path,
    now: NaiveDateTime,
    keep: u32,
) -> Result<AutoBackup> {
    remove_stale_scratch(&dir_of(db_path), now);
    let existing = list_backups(dir)?;
    let mut made = None;
    if !has_backup_of(&existing, now.date()) && !crate::api::register::is_empty(conn)? {
        let path = unique_backup_path(dir, now);
        create_backup(conn, db_path, &path, now)?;
        made = list_backups(dir)?
            .into_iter()
            .find(|f| Path::new(&f.path) == path);
    }
    let removed = prune(dir, keep)?;
    Ok(AutoBackup { made, removed })
}

/// How long a scratch folder must have been left untouched before it counts as abandoned.
const STALE_SCRATCH: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes the scratch folders of backups and restores that a killed process left beside the
/// database (an app closed during its start-up backup of a large file leaves a partial copy of
/// the whole database). A folder written to in the last ten minutes is kept: a backup by the
/// command line may still be filling it. Returns what was removed.
pub fn remove_stale_scratch(parent: &Path, now: NaiveDateTime) -> Vec<PathBuf> {
    use chrono::TimeZone;
    let Some(now) = chrono::Local.from_local_datetime(&now).earliest() else {
        return Vec::new();
    };
    let now = std::time::SystemTime::from(now);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let scratch = (name.starts_with(".backup-") || name.starts_with(".restore-"))
            && name.ends_with(".tmp");
        if !scratch || !entry.path().is_dir() {
            continue;
        }
        let touched = std::iter::once(entry.path())
            .chain(
                std::fs::read_dir(entry.path())
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path()),
            )
            .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .max();
        let stale = touched
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= STALE_SCRATCH);
        if stale && std::fs::remove_dir_all(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::disallowed_methods)] // file times are set relative to the real clock
    fn scratch_left_by_a_killed_backup_is_removed_once_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let make = |name: &str, age_minutes: u64| {
            let path = dir.path().join(name);
            std::fs::create_dir(&path).unwrap();
            let file = path.join("database.sqlite3");
            std::fs::write(&file, b"partial").unwrap();
            let then =
                std::time::SystemTime::now() - std::time::Duration::from_secs(age_minutes * 60);
            let f = File::options().write(true).open(&file).unwrap();
            f.set_modified(then).unwrap();
            File::open(&path).unwrap().set_modified(then).unwrap();
            path
        };
        let old_backup = make(".backup-1.tmp", 30);
        let old_restore = make(".restore-2.tmp", 60 * 24);
        let fresh = make(".backup-3.tmp", 2);
        let other = make("backups", 60);
        let now = chrono::Local::now().naive_local();
        let mut removed = remove_stale_scratch(dir.path(), now);
        removed.sort();
        assert_eq!(removed, vec![old_backup.clone(), old_restore.clone()]);
        assert!(!old_backup.exists() && !old_restore.exists());
        assert!(fresh.exists(), "a backup still being written is kept");
        assert!(other.exists(), "only scratch folders are touched");
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn names_carry_the_time_and_read_back() {
        let t = at("2026-11-27 09:30:15");
        let name = backup_name(t);
        assert_eq!(name, "支部活动规划备份-2026-11-27-093015.bpbak");
        assert_eq!(parse_backup_name(&name), Some(t));
        assert_eq!(
            parse_backup_name("支部活动规划备份-2026-11-27-093015-2.bpbak"),
            Some(t)
        );
        for other in [
            "支部活动规划备份-2026-11-27-093015.zip",
            "支部活动规划备份-2026-11-27.bpbak",
            "支部活动规划备份-2026-11-27-093015-x.bpbak",
            "我的备份.bpbak",
            "支部活动规划备份-2026-13-27-093015.bpbak",
        ] {
            assert_eq!(parse_backup_name(other), None, "{other}");
        }
    }

    #[test]
    fn photo_names_that_could_escape_are_refused() {
        assert!(safe_photo_name("0b7e-11.thumb.jpg"));
        for bad in ["", "../x.jpg", "a/b.jpg", "a\\b.jpg", ".hidden", "照片.jpg"] {
            assert!(!safe_photo_name(bad), "{bad}");
        }
    }
}
