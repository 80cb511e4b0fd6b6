//! The SQLite file: where it lives, how it is opened, and its migrations.

pub mod activities;
pub mod branches;
pub mod committee_seats;
pub mod communities;
pub mod day_plans;
pub mod demo_points;
pub mod filter;
pub mod holidays;
pub mod ledgers;
pub mod members;
pub mod migrations;
pub mod photos;
pub mod reminders;
pub mod reviews;
pub mod seat_terms;
pub mod settings;
pub mod stats;
pub mod study_plans;
pub mod teams;
pub mod towns;
pub mod week_rules;
pub mod weekday_wishes;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Environment variable that overrides where the database file lives.
pub const DB_ENV_VAR: &str = "BRANCH_PLANNER_DB";
const DB_FILE_NAME: &str = "planner.sqlite3";

/// The database path: an explicit `--db` flag wins, then the environment variable,
/// then the OS app-data folder (e.g. `~/.local/share/branch-planner/planner.sqlite3`).
pub fn default_path(flag: Option<&Path>) -> PathBuf {
    if let Some(path) = flag {
        return path.to_path_buf();
    }
    if let Some(path) = std::env::var_os(DB_ENV_VAR).filter(|v| !v.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("branch-planner")
        .join(DB_FILE_NAME)
}

/// Opens (creating if needed) the database and brings its schema up to date.
/// An existing file with an older schema is copied aside before any migration touches it.
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    if path.exists() && !writable(path) {
        return open_read_only(path);
    }
    let mut conn = Connection::open(path)?;
    // A file of a newer app is refused before any pragma writes to it: switching it to WAL
    // would change its header and leave -wal/-shm files beside it.
    refuse_newer(&conn)?;
    if let Err(error) = configure(&conn) {
        // A folder that is read-only though the file is not: WAL cannot make its -shm.
        if error.code() == crate::error::ErrorCode::ReadOnly {
            drop(conn);
            return open_read_only(path);
        }
        return Err(error);
    }
    // From now on no output of this process may be written over it or its -wal/-shm.
    crate::files::protect_database(path);
    let found = migrations::current_version(&conn)?;
    if found > 0 && found < migrations::latest_version() {
        backup_before_migration(&conn, path, found)?;
    }
    migrations::apply(&mut conn)?;
    Ok(conn)
}

fn refuse_newer(conn: &Connection) -> Result<()> {
    let known = migrations::latest_version();
    let found = migrations::current_version(conn)?;
    if found > known {
        return Err(Error::SchemaTooNew { found, known });
    }
    Ok(())
}

/// Whether this process may write the file (permissions, a write-protected stick).
fn writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_ok()
}

/// A database the process cannot write is opened for reading: every page shows, and a change
/// is refused by SQLite as read-only (`ErrorCode::ReadOnly`, said in Chinese). One of an older
/// schema cannot be migrated, so it is refused with the reason.
fn open_read_only(path: &Path) -> Result<Connection> {
    use rusqlite::OpenFlags;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    if migrations::current_version(&conn).is_err() && !has_wal_content(path) {
        // A WAL-mode file in a read-only folder: SQLite cannot make the -shm it reads through.
        // With no -wal content the file alone is the whole database, so it is read as
        // immutable (no locks, no -shm).
        let uri = url_path(path);
        conn = Connection::open_with_flags(
            format!("file:{uri}?immutable=1"),
            flags | OpenFlags::SQLITE_OPEN_URI,
        )?;
    }
    refuse_newer(&conn)?;
    if migrations::current_version(&conn)? < migrations::latest_version() {
        return Err(Error::DatabaseReadOnly(
            "它来自较早的版本，需要升级后才能打开，请复制到可写的位置",
        ));
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    crate::files::protect_database(path);
    Ok(conn)
}

fn has_wal_content(path: &Path) -> bool {
    std::fs::metadata(crate::files::sidecar(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

/// A path as the path part of an SQLite `file:` URI: `%`, `?` and `#` escaped.
fn url_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// Whether the connection can only read (the file or its folder is read-only).
pub fn is_read_only(conn: &Connection) -> bool {
    conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
}

/// A private in-memory database with the full schema (unit tests, a dry run into no database).
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations::apply(&mut conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    // WAL lets the CLI write while the app reads; the busy timeout makes a second writer wait
    // instead of failing at once.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}

/// Copies the database with SQLite's online backup API to `<file>.before-v<N>[-k].bak`.
fn backup_before_migration(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut target = path.with_file_name(format!("{stem}.before-v{version}.bak"));
    let mut k = 1;
    while target.exists() {
        k += 1;
        target = path.with_file_name(format!("{stem}.before-v{version}-{k}.bak"));
    }
    conn.backup(
        rusqlite::MAIN_DB,
        &target,
        None::<fn(rusqlite::backup::Progress)>,
    )?;
    Ok(target)
}

/// Collects `(owner id, member id)` rows, in row order, into each owner's member list — how
/// teams and demonstration points read their members in one query for many owners.
pub fn members_by_owner(
    rows: impl Iterator<Item = rusqlite::Result<(String, String)>>,
) -> Result<std::collections::HashMap<String, Vec<String>>> {
    let mut members: std::collections::HashMap<String, Vec<String>> = Default::default();
    for row in rows {
        let (owner, member) = row?;
        members.entry(owner).or_default().push(member);
    }
    Ok(members)
}

/// Turns a new UUID into the text form every table uses as its id; ids stay stable when data
/// moves between machines.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_over_environment() {
        let flag = PathBuf::from("/tmp/x.sqlite3");
        assert_eq!(default_path(Some(&flag)), flag);
    }

    #[test]
    fn opened_file_uses_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("a.sqlite3")).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        let busy_ms: i64 = conn
            .query_row("PRAGMA busy_timeout", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(fk, 1, "foreign keys must be enforced");
        assert_eq!(
            busy_ms, 5000,
            "a second writer waits instead of failing at once"
        );
    }
}
