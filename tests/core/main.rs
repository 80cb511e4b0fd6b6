//! Integration tests of the core against real SQLite files in temp dirs.

mod activities;
mod activity_days;
mod backup;
mod cli;
mod crash;
mod exchange;
mod fuzz;
mod import;
mod photos;
mod points;
mod postponed;
mod print;
mod register;
mod reviews;
mod schedule;
mod stats;
mod stats_export;
mod storage;
mod study_plans;

use std::path::{Path, PathBuf};

use branch_planner::api::{demo, register as reg};
use branch_planner::db;
use chrono::NaiveDate;
use rusqlite::Connection;
use tempfile::TempDir;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// A fresh database file in its own temp dir (the dir lives as long as the returned guard).
pub fn temp_db() -> (TempDir, PathBuf, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planner.sqlite3");
    let conn = db::open(&path).unwrap();
    (dir, path, conn)
}

/// A database holding the demo town.
pub fn demo_db() -> (TempDir, PathBuf, Connection) {
    let (dir, path, mut conn) = temp_db();
    demo::load_demo(&mut conn, demo::DEMO_SEED, today()).unwrap();
    (dir, path, conn)
}

/// The id of the demo branch with this name.
pub fn branch_id(conn: &Connection, name: &str) -> String {
    let tree = reg::org_tree(conn).unwrap();
    tree.towns
        .iter()
        .flat_map(|t| &t.communities)
        .flat_map(|c| &c.branches)
        .find(|b| b.branch.name == name)
        .unwrap_or_else(|| panic!("no branch {name}"))
        .branch
        .id
        .clone()
}

/// The CLI as a process, on the tests' day: `BRANCH_PLANNER_TODAY` is `today()`, so no test of
/// the command line runs on the machine's date (a command's own `--today` still wins).
pub fn planner() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_planner"));
    command.env(branch_planner::clock::TODAY_ENV, today().to_string());
    command
}

/// Runs `planner ARGS --db DB`, which must succeed, and reads its JSON output.
pub fn planner_json(args: &[&str], db: &Path) -> serde_json::Value {
    let out = planner().args(args).arg("--db").arg(db).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

pub fn member_count(path: &Path) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.query_row("SELECT COUNT(*) FROM member", [], |r| r.get(0))
        .unwrap()
}
