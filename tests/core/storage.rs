//! The database file: migrations, the old-schema upgrade, the backup taken before it.

use std::path::Path;

use branch_planner::db::{self, migrations};
use rusqlite::Connection;

use crate::temp_db;

const V1_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/register-v1.sqlite3"
);

/// Every table, index and trigger with its SQL, to compare two schemas.
fn schema(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_version_1_file_upgrades_to_the_fresh_schema_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("planner.sqlite3");
    std::fs::copy(V1_FIXTURE, &old).unwrap();
    let before: i64 = Connection::open(&old)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, 1, "the fixture is the schema of release 1");

    let upgraded = db::open(&old).unwrap();
    let (_fresh_dir, _, fresh) = temp_db();
    assert_eq!(
        schema(&upgraded),
        schema(&fresh),
        "an upgraded file must equal a fresh one"
    );
    assert_eq!(
        migrations::current_version(&upgraded).unwrap(),
        migrations::latest_version()
    );
    let members: i64 = upgraded
        .query_row("SELECT COUNT(*) FROM member", [], |r| r.get(0))
        .unwrap();
    assert_eq!(members, 3, "the fixture's members survive the upgrade");

    let backup = dir.path().join("planner.sqlite3.before-v1.bak");
    assert!(
        backup.exists(),
        "a copy is taken before migrating existing data"
    );
    let kept: i64 = Connection::open(&backup)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        kept, 1,
        "the backup holds the data as it was before the migration"
    );
}

#[test]
fn a_new_file_gets_no_backup_and_reopening_changes_nothing() {
    let (dir, path, conn) = temp_db();
    drop(conn);
    let conn = db::open(&path).unwrap();
    assert_eq!(
        migrations::current_version(&conn).unwrap(),
        migrations::latest_version()
    );
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".bak")
        })
        .count();
    assert_eq!(
        backups, 0,
        "only existing data is copied before a migration"
    );
}

#[test]
fn a_file_from_a_newer_app_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite3");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = db::open(&path).unwrap_err();
    assert_eq!(err.code(), branch_planner::ErrorCode::Database);
    let version: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
    assert!(
        err.to_string().contains("请先升级软件"),
        "the refusal is in Chinese: {err}"
    );
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        (bytes[18], bytes[19]),
        (1, 1),
        "still a rollback-journal file: no pragma switched it to WAL"
    );
    for beside in ["future.sqlite3-wal", "future.sqlite3-shm"] {
        assert!(!dir.path().join(beside).exists(), "{beside} was created");
    }
}

/// Writes the version-1 fixture. Run once when it is first made; never regenerate it after a
/// release (it stands for files users already have):
/// `cargo test --test core -- --ignored write_v1_fixture`
#[test]
#[ignore]
fn write_v1_fixture() {
    let _ = std::fs::remove_file(V1_FIXTURE);
    let mut conn = Connection::open(V1_FIXTURE).unwrap();
    migrations::apply_up_to(&mut conn, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO town VALUES ('t1', '旧镇');
         INSERT INTO community VALUES ('c1', 't1', '旧社区', '旧社区党委');
         INSERT INTO branch VALUES ('b1', 'c1', '种植服务型党支部', 'trade', '');
         INSERT INTO member VALUES ('m1', 'b1', '王建国', 'male', 1960, '13805360001', '大棚', '1985-07-01', 1, NULL);
         INSERT INTO member VALUES ('m2', 'b1', '李秀英', 'female', 1972, '', '', NULL, 0, NULL);
         INSERT INTO member VALUES ('m3', 'b1', '张喆', 'male', 1980, '', '', NULL, 0, '2024-01-01');
         INSERT INTO committee_seat VALUES ('b1', 'secretary', 'm1');",
    )
    .unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
}

/// `planner` run as a user who cannot write the file: this process when it is not root (the
/// permission bits hold), else the unprivileged `nobody` through setpriv (root ignores them),
/// running a copy of the binary in a folder anyone may enter (the build folder may not be).
#[cfg(unix)]
fn planner_without_write_access(exe_dir: &Path) -> std::process::Command {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { geteuid() } == 0;
    let mut command = if root {
        let exe = exe_dir.join("planner");
        if !exe.exists() && std::fs::hard_link(env!("CARGO_BIN_EXE_planner"), &exe).is_err() {
            std::fs::copy(env!("CARGO_BIN_EXE_planner"), &exe).unwrap();
        }
        std::fs::set_permissions(exe_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(exe);
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_planner"))
    };
    command.env(branch_planner::clock::TODAY_ENV, crate::today().to_string());
    command
}

#[cfg(unix)]
unsafe extern "C" {
    fn geteuid() -> u32;
}

/// A database on a write-protected stick (file and folder read-only) opens for reading:
/// lists and figures show; a change is refused in Chinese, and nothing beside the file appears.
#[cfg(unix)]
#[test]
fn a_read_only_database_is_read_and_a_change_is_refused_in_chinese() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path, conn) = crate::demo_db();
    drop(conn);
    let exe_dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("m.csv");
    std::fs::write(
        &csv,
        "姓名,性别,出生年份,支部\n张新,男,1970,农机服务型党支部\n",
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let set = |p: &Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set(&path, 0o444);
    set(&csv, 0o444);
    set(dir.path(), 0o555);

    let list = planner_without_write_access(exe_dir.path())
        .args(["list", "branches", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    let import = planner_without_write_access(exe_dir.path())
        .args(["members", "import", "--db"])
        .arg(&path)
        .arg(&csv)
        .output()
        .unwrap();
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    set(dir.path(), 0o755);
    set(&path, 0o644);

    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert!(String::from_utf8_lossy(&list.stdout).contains("农机服务型党支部"));
    assert!(!import.status.success());
    let said = String::from_utf8_lossy(&import.stderr);
    assert!(said.contains("数据库文件是只读的"), "{said}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
    let mut beside = beside;
    beside.sort();
    assert_eq!(
        beside,
        ["m.csv", "planner.sqlite3"],
        "no -wal, -shm or backup appears"
    );
}
