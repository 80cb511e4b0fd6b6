//! Backups on real files: a .bpbak round trip with photos, refused files that change nothing,
//! a backup of an older schema, the daily automatic backup and its rotation, the CLI.

use std::io::Write;
use std::path::{Path, PathBuf};

use branch_planner::api::backup as backup_api;
use branch_planner::api::photos::add_photos;
use branch_planner::backup::{self, BackupManifest};
use branch_planner::db;
use branch_planner::photo::{PhotoOwner, PhotoStore};
use branch_planner::{Error, ErrorCode};
use chrono::{NaiveDate, NaiveDateTime};
use image::ImageFormat;
use rusqlite::Connection;

use crate::activities::change;
use crate::photos::{image_file, planned_activity};
use crate::{demo_db, member_count, temp_db};

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn photo_names(db_path: &Path) -> Vec<String> {
    let store = PhotoStore::for_database(db_path);
    let mut names: Vec<String> = std::fs::read_dir(store.dir())
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A demo database with one activity holding two photos.
fn demo_with_photos() -> (tempfile::TempDir, PathBuf, Connection) {
    let (dir, path, mut conn) = demo_db();
    let store = PhotoStore::for_database(&path);
    let id = planned_activity(&mut conn);
    let picked = tempfile::tempdir().unwrap();
    let a = image_file(picked.path(), "现场.jpg", 64, 48, ImageFormat::Jpeg);
    let b = image_file(picked.path(), "签到.png", 30, 60, ImageFormat::Png);
    let owner = PhotoOwner::Activity { activity_id: id };
    add_photos(&mut conn, &store, owner, vec![a, b], &change()).unwrap();
    (dir, path, conn)
}

#[test]
fn a_backup_restores_the_database_and_photos_after_a_safety_backup() {
    let (dir, path, conn) = demo_with_photos();
    let members = member_count(&path);
    let photos = photo_names(&path);
    assert_eq!(photos.len(), 4, "two photos and two thumbnails");

    let out = dir.path().join("usb");
    std::fs::create_dir(&out).unwrap();
    let done = backup_api::backup_now(&conn, &path, &out, at("2026-11-27 09:30:15")).unwrap();
    assert!(done
        .path
        .ends_with("支部活动规划备份-2026-11-27-093015.bpbak"));
    let m = &done.manifest;
    assert_eq!(m.format, backup::FORMAT);
    assert_eq!(m.format_version, backup::FORMAT_VERSION);
    assert_eq!(m.schema_version, db::migrations::latest_version());
    assert_eq!(i64::from(m.counts.members), members);
    assert_eq!((m.counts.towns, m.counts.branches), (1, 8));
    assert_eq!((m.counts.photos, m.photo_files), (2, 4));
    assert!(m.counts.activities >= 1);
    assert_eq!(&backup_api::inspect(Path::new(&done.path)).unwrap(), m);
    let no_partial = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(no_partial, 1, "only the finished file is left");

    // Change everything after the backup: members gone, photos gone, a stray photo file.
    conn.execute_batch("DELETE FROM committee_seat; DELETE FROM photo;")
        .unwrap();
    let store = PhotoStore::for_database(&path);
    for name in &photos {
        std::fs::remove_file(store.path_of(name)).unwrap();
    }
    std::fs::write(store.path_of("stray.jpg"), b"x").unwrap();
    let changed_seats: i64 = conn
        .query_row("SELECT COUNT(*) FROM committee_seat", [], |r| r.get(0))
        .unwrap();
    assert_eq!(changed_seats, 0);
    drop(conn);

    let outcome =
        backup_api::restore(&path, Path::new(&done.path), at("2026-11-28 08:00:00")).unwrap();
    assert_eq!(outcome.restored, *m);
    let reopened = db::open(&path).unwrap();
    let seats: i64 = reopened
        .query_row("SELECT COUNT(*) FROM committee_seat", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seats, 24, "8 branches × 3 seats are back");
    assert_eq!(member_count(&path), members);
    assert_eq!(
        photo_names(&path),
        photos,
        "photos back, the stray file gone"
    );
    let check: String = reopened
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    // The data as it was before the restore is in the backups folder.
    let safety = PathBuf::from(outcome.safety_backup.unwrap());
    assert_eq!(safety.parent().unwrap(), backup::backups_dir(&path));
    let before = backup_api::inspect(&safety).unwrap();
    assert_eq!((before.counts.photos, before.photo_files), (0, 1));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "scratch folders removed: {leftovers:?}"
    );
}

/// Writes a zip with the given entries.
fn zip_with(path: &Path, entries: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    for (name, data) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
}

fn manifest_json(change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let manifest = BackupManifest {
        format: backup::FORMAT.to_owned(),
        format_version: 1,
        app_version: "0.1.0".to_owned(),
        created_at: at("2026-11-27 09:30:15"),
        schema_version: db::migrations::latest_version(),
        counts: Default::default(),
        database_bytes: 0,
        photo_files: 0,
        photo_bytes: 0,
        review_audit: None,
    };
    let mut value = serde_json::to_value(manifest).unwrap();
    change(&mut value);
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn files_that_are_not_good_backups_are_refused_and_change_nothing() {
    let (dir, path, conn) = demo_with_photos();
    let good = dir.path().join("good.bpbak");
    backup::create_backup(&conn, &path, &good, at("2026-11-27 09:30:15")).unwrap();
    drop(conn);
    let data = std::fs::read(&good).unwrap();
    let members = member_count(&path);
    let photos = photo_names(&path);

    let text = dir.path().join("notes.bpbak");
    std::fs::write(&text, "会议记录").unwrap();
    let cut = dir.path().join("cut.bpbak");
    std::fs::write(&cut, &data[..data.len() / 2]).unwrap();
    let no_manifest = dir.path().join("other.bpbak");
    zip_with(&no_manifest, &[("readme.txt", b"hello")]);
    let foreign = dir.path().join("foreign.bpbak");
    zip_with(
        &foreign,
        &[("manifest.json", br#"{"format":"something-else"}"#)],
    );
    let newer_format = dir.path().join("newer-format.bpbak");
    zip_with(
        &newer_format,
        &[(
            "manifest.json",
            &manifest_json(|v| v["formatVersion"] = 2.into()),
        )],
    );
    let newer_schema = dir.path().join("newer-schema.bpbak");
    zip_with(
        &newer_schema,
        &[(
            "manifest.json",
            &manifest_json(|v| v["schemaVersion"] = 99.into()),
        )],
    );
    let no_database = dir.path().join("no-db.bpbak");
    zip_with(&no_database, &[("manifest.json", &manifest_json(|_| {}))]);
    let junk_database = dir.path().join("junk-db.bpbak");
    zip_with(
        &junk_database,
        &[
            (
                "manifest.json",
                &manifest_json(|v| v["databaseBytes"] = 9.into()),
            ),
            ("database.sqlite3", b"not sqlite"),
        ],
    );
    // This app's own database, one byte more than the manifest says.
    let larger_database = dir.path().join("larger-db.bpbak");
    let real = std::fs::read(&path).unwrap();
    zip_with(
        &larger_database,
        &[
            (
                "manifest.json",
                &manifest_json(|v| v["databaseBytes"] = (real.len() - 1).into()),
            ),
            ("database.sqlite3", &real),
        ],
    );
    let escaping = dir.path().join("escape.bpbak");
    let real_db = std::fs::read(dir.path().join("planner.sqlite3")).unwrap();
    zip_with(
        &escaping,
        &[
            (
                "manifest.json",
                &manifest_json(|v| {
                    v["databaseBytes"] = real_db.len().into();
                    v["photoFiles"] = 1.into();
                }),
            ),
            ("database.sqlite3", &real_db),
            ("photos/../../evil.jpg", b"x"),
        ],
    );

    let cases = [
        (&text, ErrorCode::NotABackup),
        (&cut, ErrorCode::BackupDamaged),
        (&no_manifest, ErrorCode::NotABackup),
        (&foreign, ErrorCode::NotABackup),
        (&newer_format, ErrorCode::BackupTooNew),
        (&newer_schema, ErrorCode::BackupTooNew),
        (&no_database, ErrorCode::BackupDamaged),
        (&junk_database, ErrorCode::BackupDamaged),
        (&larger_database, ErrorCode::BackupDamaged),
        (&escaping, ErrorCode::BackupDamaged),
    ];
    for (file, code) in cases {
        let err = backup_api::restore(&path, file, at("2026-11-28 08:00:00")).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", file.display());
        assert_eq!(member_count(&path), members, "{}", file.display());
        assert_eq!(photo_names(&path), photos, "{}", file.display());
    }
    assert!(
        !dir.path().join("evil.jpg").exists()
            && !dir.path().parent().unwrap().join("evil.jpg").exists()
    );
    let err = backup_api::inspect(&newer_format).unwrap_err();
    assert!(err.to_string().contains("更新版本"), "{err}");
    assert!(
        !backup::backups_dir(&path).exists(),
        "refused before the safety backup"
    );
}

#[test]
fn a_backup_of_the_previous_schema_is_migrated_on_restore() {
    let dir = tempfile::tempdir().unwrap();
    let old_path = dir.path().join("old.sqlite3");
    let previous = db::migrations::latest_version() - 1;
    {
        let mut old = Connection::open(&old_path).unwrap();
        db::migrations::apply_up_to(&mut old, previous).unwrap();
        old.execute("INSERT INTO town (id, name) VALUES ('t1', '旧版镇')", [])
            .unwrap();
        let file = dir.path().join("old.bpbak");
        let m = backup::create_backup(&old, &old_path, &file, at("2026-01-02 03:04:05")).unwrap();
        assert_eq!((m.schema_version, m.counts.towns), (previous, 1));
    }
    let (_d, path, conn) = temp_db();
    drop(conn);
    backup_api::restore(
        &path,
        &dir.path().join("old.bpbak"),
        at("2026-11-28 08:00:00"),
    )
    .unwrap();
    let conn = db::open(&path).unwrap();
    assert_eq!(
        db::migrations::current_version(&conn).unwrap(),
        db::migrations::latest_version()
    );
    let name: String = conn
        .query_row("SELECT name FROM town WHERE id = 't1'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "旧版镇");
}

#[test]
fn the_first_start_of_a_day_backs_up_once_and_keeps_the_newest_n() {
    let (_dir, path, conn) = demo_db();
    let folder = backup::backups_dir(&path);
    let keep = 3;
    let mut made = Vec::new();
    for day in 1..=5 {
        let first = at(&format!("2026-11-{day:02} 08:00:00"));
        let done = backup::auto_backup(&conn, &path, &folder, first, keep).unwrap();
        made.push(done.made.expect("first start of the day").name);
        let later = at(&format!("2026-11-{day:02} 17:45:00"));
        let again = backup::auto_backup(&conn, &path, &folder, later, keep).unwrap();
        assert_eq!(again.made, None, "the second start of day {day} makes none");
        if day == 4 {
            assert_eq!(done.removed, vec![made[0].clone()]);
        }
    }
    let left = backup::list_backups(&folder).unwrap();
    let names: Vec<&str> = left.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, vec![&made[4], &made[3], &made[2]], "newest first");
    assert!(left.iter().all(|f| f.bytes > 0));
    assert_eq!(
        left[0].created_at.date(),
        NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()
    );
    // A file the user put there is neither listed nor deleted.
    std::fs::write(folder.join("我的笔记.txt"), "x").unwrap();
    backup::prune(&folder, 1).unwrap();
    assert_eq!(backup::list_backups(&folder).unwrap().len(), 1);
    assert!(folder.join("我的笔记.txt").exists());
}

#[test]
fn an_empty_register_is_not_backed_up_automatically() {
    let (_dir, path, conn) = temp_db();
    let folder = backup::backups_dir(&path);
    let done = backup::auto_backup(&conn, &path, &folder, at("2026-11-01 08:00:00"), 10).unwrap();
    assert_eq!(done.made, None);
    assert!(backup::list_backups(&folder).unwrap().is_empty());
}

#[test]
fn the_backup_is_consistent_while_another_connection_writes() {
    let (dir, path, conn) = demo_db();
    let writer = Connection::open(&path).unwrap();
    writer
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM attendance;")
        .unwrap();
    let file = dir.path().join("during.bpbak");
    let m = backup::create_backup(&conn, &path, &file, at("2026-11-27 09:30:15")).unwrap();
    writer.execute_batch("ROLLBACK").unwrap();
    assert_eq!(i64::from(m.counts.members), member_count(&path));
    assert!(backup_api::inspect(&file).is_ok());
}

#[test]
fn cli_backs_up_and_restores() {
    let (dir, path, conn) = demo_db();
    drop(conn);
    let members = member_count(&path);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = crate::planner()
        .args(["backup", "--db"])
        .arg(&path)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = std::fs::read_dir(&out_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert!(backup::parse_backup_name(&file.file_name().unwrap().to_string_lossy()).is_some());

    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM member;")
        .unwrap();
    assert_eq!(member_count(&path), 0);

    // Without --yes and with "n" typed, nothing happens.
    let mut child = crate::planner()
        .args(["restore", "--db"])
        .arg(&path)
        .arg("--from")
        .arg(&file)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("members"));
    assert_eq!(member_count(&path), 0);

    let out = crate::planner()
        .args(["restore", "--yes", "--db"])
        .arg(&path)
        .arg("--from")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(member_count(&path), members);

    let bad = dir.path().join("bad.bpbak");
    std::fs::write(&bad, "x").unwrap();
    let out = crate::planner()
        .args(["restore", "--yes", "--db"])
        .arg(&path)
        .arg("--from")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是支部活动规划的备份文件"));
}

#[test]
fn restore_refuses_while_another_connection_has_the_database_open() {
    let (dir, path, conn) = demo_db();
    let file = dir.path().join("b.bpbak");
    backup::create_backup(&conn, &path, &file, at("2026-11-27 09:30:15")).unwrap();
    // `conn` stays open: the app's own would be closed first.
    let err = backup_api::restore(&path, &file, at("2026-11-28 08:00:00")).unwrap_err();
    assert!(matches!(err, Error::DatabaseBusy), "{err}");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "the open database is left as it was");
    assert!(
        !backup::backups_dir(&path).exists(),
        "a refused restore writes no safety backup"
    );
}

/// The manifest keeps the head of the review audit chain; a backup whose database lost its
/// newest audit entries after it was made is refused as damaged, and nothing is replaced.
#[test]
fn a_backup_records_the_audit_chain_head_and_refuses_a_cut_off_chain() {
    use branch_planner::api::reviews as rv;
    let (dir, path, mut conn) = demo_db();
    let community = branch_planner::api::register::org_tree(&conn)
        .unwrap()
        .towns[0]
        .communities[0]
        .community
        .id
        .clone();
    let ch = branch_planner::api::reviews::Change {
        actor: "社区党委",
        at: at("2026-10-09 09:00:00"),
    };
    let review = rv::open_review(&mut conn, &community, 2026, 3, crate::today(), &ch).unwrap();
    rv::start_collecting(&mut conn, &review.review.id, &ch).unwrap();
    let head = rv::chain_head(&conn).unwrap();
    assert_eq!(head.entries, 2);
    let good = dir.path().join("good.bpbak");
    let m = backup::create_backup(&conn, &path, &good, at("2026-11-27 09:30:15")).unwrap();
    assert_eq!(m.review_audit.as_ref(), Some(&head));
    let shown = crate::planner()
        .args(["restore", "--db"])
        .arg(&path)
        .arg("--from")
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains(&format!(
            "评议审计链 / review audit chain: 2 条 entries，末条哈希 last hash {}",
            head.short_hash()
        )),
        "the summary shows the head: {}",
        String::from_utf8_lossy(&shown.stdout)
    );

    // The database inside loses its newest entry; the manifest is left as it was.
    let inner = dir.path().join("inner.sqlite3");
    {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
        let mut entry = zip.by_name(backup::DATABASE_ENTRY).unwrap();
        std::io::copy(&mut entry, &mut std::fs::File::create(&inner).unwrap()).unwrap();
    }
    let cut = Connection::open(&inner).unwrap();
    // Put back as it was, so only the missing entry tells: the schema check passes.
    let guard: String = cut
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'review_audit_no_delete'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    cut.execute_batch(&format!(
        "DROP TRIGGER review_audit_no_delete;
         DELETE FROM review_audit WHERE seq = 2;
         {guard};"
    ))
    .unwrap();
    drop(cut);
    let bytes = std::fs::read(&inner).unwrap();
    let mut manifest = serde_json::to_value(&m).unwrap();
    manifest["databaseBytes"] = bytes.len().into();
    let tampered = dir.path().join("tampered.bpbak");
    zip_with(
        &tampered,
        &[
            ("manifest.json", &serde_json::to_vec(&manifest).unwrap()),
            (backup::DATABASE_ENTRY, &bytes),
        ],
    );
    let members = member_count(&path);
    drop(conn);
    let refused = backup::restore(
        &path,
        &tampered,
        &dir.path().join("safety"),
        at("2026-11-27 10:00:00"),
    )
    .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::BackupDamaged, "{refused:?}");
    assert!(refused.to_string().contains("说明中 2 条"), "{refused}");
    assert_eq!(member_count(&path), members, "nothing replaced");
    let conn = Connection::open(&path).unwrap();
    assert_eq!(rv::chain_head(&conn).unwrap(), head);
    drop(conn);
    backup::restore(
        &path,
        &good,
        &dir.path().join("safety"),
        at("2026-11-27 10:05:00"),
    )
    .unwrap();
}

/// A `.bpbak` holding `database` (bytes of an SQLite file) and a manifest that matches it.
fn backup_holding(path: &Path, database: &[u8], schema_version: i64) {
    zip_with(
        path,
        &[
            (
                "manifest.json",
                &manifest_json(|v| {
                    v["databaseBytes"] = database.len().into();
                    v["schemaVersion"] = schema_version.into();
                }),
            ),
            ("database.sqlite3", database),
        ],
    );
}

/// The bytes of a single-file SQLite database built by `build`.
fn sqlite_bytes(dir: &Path, name: &str, build: impl FnOnce(&mut Connection)) -> Vec<u8> {
    let path = dir.join(name);
    {
        let mut conn = Connection::open(&path).unwrap();
        build(&mut conn);
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    std::fs::read(&path).unwrap()
}

/// A backup's database is checked in the scratch copy before the swap: another program's
/// SQLite file, this app's schema with a table missing or a trigger added, or a version other
/// than the manifest's are refused as damaged; nothing is replaced and no safety backup written.
#[test]
fn a_backup_whose_database_is_not_this_apps_is_refused_before_anything_is_swapped() {
    let (dir, path, conn) = demo_db();
    drop(conn);
    let members = member_count(&path);
    let latest = db::migrations::latest_version();
    let scratch = tempfile::tempdir().unwrap();
    let app_schema = |conn: &mut Connection| db::migrations::apply(conn).unwrap();

    let foreign = sqlite_bytes(scratch.path(), "foreign.sqlite3", |c| {
        c.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
            .unwrap();
        c.pragma_update(None, "user_version", latest).unwrap();
    });
    let empty_foreign = sqlite_bytes(scratch.path(), "empty.sqlite3", |c| {
        c.execute_batch("CREATE TABLE notes (text TEXT)").unwrap();
    });
    let missing = sqlite_bytes(scratch.path(), "missing.sqlite3", |c| {
        app_schema(c);
        c.execute_batch("DROP TABLE review_audit").unwrap();
    });
    let trigger = sqlite_bytes(scratch.path(), "trigger.sqlite3", |c| {
        app_schema(c);
        c.execute_batch("CREATE TRIGGER wipe AFTER INSERT ON member BEGIN DELETE FROM town; END")
            .unwrap();
    });
    let good = sqlite_bytes(scratch.path(), "good.sqlite3", app_schema);

    let cases: [(&str, &[u8], i64, &str); 5] = [
        ("foreign", &foreign, latest, "缺少表"),
        ("empty-foreign", &empty_foreign, latest, "数据库版本为 0"),
        ("missing", &missing, latest, "缺少表 review_audit"),
        ("trigger", &trigger, latest, "含有本程序没有的触发器 wipe"),
        ("version", &good, latest - 1, "备份说明中是"),
    ];
    for (name, database, version, says) in cases {
        let file = dir.path().join(format!("{name}.bpbak"));
        backup_holding(&file, database, version);
        let err = backup_api::restore(&path, &file, at("2026-11-28 08:00:00")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::BackupDamaged, "{name}: {err}");
        assert!(err.to_string().contains(says), "{name}: {err}");
        assert_eq!(member_count(&path), members, "{name}");
    }
    assert!(
        !backup::backups_dir(&path).exists(),
        "refused before the safety backup"
    );
    // The same file with this app's schema restores (the check refuses only what differs).
    let file = dir.path().join("good.bpbak");
    backup_holding(&file, &good, latest);
    backup_api::restore(&path, &file, at("2026-11-28 08:00:00")).unwrap();
    assert_eq!(member_count(&path), 0);
}

/// A backup made at every earlier schema version restores into this version, without a raw
/// SQL error, keeping its data.
#[test]
fn a_backup_of_every_earlier_schema_restores() {
    let (_d, path, conn) = temp_db();
    drop(conn);
    let scratch = tempfile::tempdir().unwrap();
    for version in 1..db::migrations::latest_version() {
        let database = sqlite_bytes(scratch.path(), &format!("v{version}.sqlite3"), |c| {
            db::migrations::apply_up_to(c, version).unwrap();
            c.execute(
                "INSERT INTO town (id, name) VALUES ('t1', ?1)",
                [format!("第{version}版的镇")],
            )
            .unwrap();
        });
        let file = scratch.path().join(format!("v{version}.bpbak"));
        backup_holding(&file, &database, version);
        backup_api::restore(&path, &file, at("2026-11-28 08:00:00"))
            .unwrap_or_else(|e| panic!("version {version}: {e}"));
        let conn = Connection::open(&path).unwrap();
        let name: String = conn
            .query_row("SELECT name FROM town WHERE id = 't1'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, format!("第{version}版的镇"));
        assert_eq!(
            db::migrations::current_version(&conn).unwrap(),
            db::migrations::latest_version()
        );
    }
}

/// Restore is the way out of a broken database: with its header zeroed or pages overwritten
/// the current file is copied aside as it is (it cannot be backed up), then replaced.
#[test]
fn restore_rescues_a_database_with_a_zeroed_header_or_damaged_pages() {
    for damage in ["header", "pages"] {
        let (dir, path, conn) = demo_db();
        let file = dir.path().join("good.bpbak");
        backup::create_backup(&conn, &path, &file, at("2026-11-27 09:30:15")).unwrap();
        drop(conn);
        let members = member_count(&path);
        let mut bytes = std::fs::read(&path).unwrap();
        let page = 4096;
        match damage {
            "header" => bytes[..100].fill(0),
            _ => {
                // Every page after the first few: the register's tables are among them.
                for (i, b) in bytes[page * 4..].iter_mut().enumerate() {
                    *b = (i * 131 % 251) as u8;
                }
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        let broken = db::open(&path).and_then(|c| {
            Ok(c.query_row("SELECT COUNT(*) FROM member", [], |r| r.get::<_, i64>(0))?)
        });
        assert!(broken.is_err(), "{damage}: the file must really be broken");

        let outcome = backup_api::restore(&path, &file, at("2026-11-28 08:00:00"))
            .unwrap_or_else(|e| panic!("{damage}: {e}"));
        assert_eq!(member_count(&path), members, "{damage}");
        let rescued = PathBuf::from(outcome.safety_backup.expect("the broken file is kept"));
        assert_eq!(
            std::fs::read(&rescued).unwrap(),
            bytes,
            "{damage}: kept as it was"
        );
        assert!(db::open(&path).is_ok(), "{damage}: the restored file opens");
    }
}
