//! Fuzzing with proptest: the member importer (CSV bytes, broken .xlsx files), the holiday file
//! importer, the backup reader and the exchange-file reader take random and mutated files. None may panic, and a refused
//! file writes nothing.
//!
//! Each target runs `FUZZ_CASES` cases by default (small, for CI). A longer run:
//! `PROPTEST_CASES=100000 cargo test -p branch-planner --test core fuzz -- --nocapture`.

use std::cell::RefCell;
use std::path::Path;

use branch_planner::api::{holidays, import};
use branch_planner::backup;
use chrono::NaiveDateTime;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use rusqlite::Connection;

use crate::{demo_db, member_count, temp_db, today};

const FUZZ_CASES: u32 = 64;

/// The case count: `PROPTEST_CASES` when set, else the small CI default.
fn runner() -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(FUZZ_CASES);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Bytes of `base` with a few bytes overwritten, a slice cut out or the end cut off.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    (
        prop::collection::vec((0..len, any::<u8>()), 0..8),
        prop::option::of(0..len),
        prop::option::of((0..len, 1usize..64)),
    )
        .prop_map(move |(flips, cut, hole)| {
            let mut data = base.clone();
            for (at, byte) in flips {
                data[at] = byte;
            }
            if let Some((at, n)) = hole {
                let end = (at + n).min(data.len());
                data.drain(at..end);
            }
            if let Some(cut) = cut {
                data.truncate(cut.min(data.len()));
            }
            data
        })
}

fn ensure(ok: bool, what: String) -> Result<(), TestCaseError> {
    if ok {
        Ok(())
    } else {
        Err(TestCaseError::fail(what))
    }
}

/// Imports `data` as a member file named `name`; refused means the count is unchanged, taken
/// means it grew by exactly what the import says.
fn import_case(
    conn: &mut Connection,
    db: &Path,
    dir: &Path,
    name: &str,
    data: &[u8],
) -> Result<(), TestCaseError> {
    let file = dir.join(name);
    std::fs::write(&file, data).unwrap();
    let before = member_count(db);
    let _ = import::preview_members(conn, &file, today());
    match import::import_members(conn, &file, None, today()) {
        Ok(outcome) => ensure(
            member_count(db) == before + i64::from(outcome.inserted),
            format!("import said {} rows", outcome.inserted),
        ),
        Err(error) => ensure(
            member_count(db) == before,
            format!("refused ({error}) yet the register changed"),
        ),
    }
}

/// A CSV line: a few cells of the words the importer looks for, numbers and junk.
fn csv_text() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        Just("姓名".to_owned()),
        Just("支部".to_owned()),
        Just("蔬菜种植服务型党支部".to_owned()),
        Just("男".to_owned()),
        Just("女".to_owned()),
        Just("是".to_owned()),
        Just("\"a,\"\"b\"".to_owned()),
        (1900i32..2100).prop_map(|y| y.to_string()),
        "1[3-9][0-9]{9}",
        "[0-9]{4}[-/年][0-9]{1,2}",
        any::<String>(),
    ];
    let line = prop::collection::vec(cell, 0..8).prop_map(|cells| cells.join(","));
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
}

#[test]
fn the_member_importer_survives_random_csv() {
    let (dir, db, conn) = demo_db();
    // The runner takes a `Fn`: the connection is borrowed mutably per case.
    let conn = RefCell::new(conn);
    let strategy = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        csv_text().prop_map(String::into_bytes),
        csv_text().prop_map(|t| encoding_rs::GBK.encode(&t).0.into_owned()),
    ];
    runner()
        .run(&strategy, |data| {
            import_case(&mut conn.borrow_mut(), &db, dir.path(), "fuzz.csv", &data)
        })
        .unwrap();
}

/// A real .xlsx with a header and three rows.
fn small_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["姓名", "支部", "性别", "出生年份", "联系电话"],
        [
            "冯美玲",
            "蔬菜种植服务型党支部",
            "女",
            "1983",
            "13705362222",
        ],
        ["韩立强", "蔬菜种植服务型党支部", "男", "1979", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn the_member_importer_survives_broken_xlsx() {
    let (dir, db, conn) = demo_db();
    // The runner takes a `Fn`: the connection is borrowed mutably per case.
    let conn = RefCell::new(conn);
    let strategy = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..4096),
        mutated(small_xlsx()),
    ];
    runner()
        .run(&strategy, |data| {
            import_case(&mut conn.borrow_mut(), &db, dir.path(), "fuzz.xlsx", &data)?;
            // The same bytes as a legacy .xls go through another reader.
            import_case(&mut conn.borrow_mut(), &db, dir.path(), "fuzz.xls", &data)
        })
        .unwrap();
}

fn holiday_rows(conn: &Connection) -> Vec<(i64, String, String)> {
    let mut stmt = conn
        .prepare("SELECT year, source, json FROM holiday_year ORDER BY year")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_holiday_importer_survives_random_files() {
    let (dir, _db, conn) = temp_db();
    let conn = RefCell::new(conn);
    let json = include_str!("../../src/holiday/data/2024.json")
        .as_bytes()
        .to_vec();
    let ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\n\
DTEND;VALUE=DATE:20250102\r\nSUMMARY:\xe5\x85\x83\xe6\x97\xa6\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        .to_vec();
    let strategy = (
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..1024),
            mutated(json),
            mutated(ics),
            any::<String>().prop_map(String::into_bytes),
        ],
        prop::bool::ANY,
    );
    runner()
        .run(&strategy, |(data, as_ics)| {
            let file = dir
                .path()
                .join(if as_ics { "fuzz.ics" } else { "fuzz.json" });
            std::fs::write(&file, &data).unwrap();
            let before = holiday_rows(&conn.borrow());
            if holidays::import_holiday_file(&mut conn.borrow_mut(), &file).is_err() {
                ensure(
                    holiday_rows(&conn.borrow()) == before,
                    "a refused holiday file changed the stored schedules".into(),
                )?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_backup_reader_survives_random_and_mutated_backups() {
    let (dir, db, conn) = temp_db();
    conn.execute("INSERT INTO town (id, name) VALUES ('t1', '桃林镇')", [])
        .unwrap();
    let at = NaiveDateTime::parse_from_str("2026-11-27 09:30:15", "%Y-%m-%d %H:%M:%S").unwrap();
    let good = dir.path().join("good.bpbak");
    backup::create_backup(&conn, &db, &good, at).unwrap();
    // The data the restores would replace: a second town.
    conn.execute("INSERT INTO town (id, name) VALUES ('t2', '柳河镇')", [])
        .unwrap();
    drop(conn);
    let backups = dir.path().join("backups");
    let towns = |db: &Path| -> i64 {
        Connection::open(db)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM town", [], |r| r.get(0))
            .unwrap()
    };
    let strategy = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        mutated(std::fs::read(&good).unwrap()),
    ];
    runner()
        .run(&strategy, |data| {
            let file = dir.path().join("fuzz.bpbak");
            std::fs::write(&file, &data).unwrap();
            let before = towns(&db);
            let _ = backup::inspect_backup(&file);
            match backup::restore(&db, &file, &backups, at) {
                Ok(outcome) => {
                    // A mutation that zip and SQLite both accept (a flipped byte in a comment or
                    // an unused page): the data is then the backup's, whole.
                    ensure(
                        towns(&db) == i64::from(outcome.restored.counts.towns),
                        "a restore left other data than the backup's".into(),
                    )?;
                    // Put the data to replace back for the next case.
                    Connection::open(&db)
                        .unwrap()
                        .execute(
                            "INSERT OR IGNORE INTO town (id, name) VALUES ('t2', '柳河镇')",
                            [],
                        )
                        .unwrap();
                    let _ = std::fs::remove_dir_all(&backups);
                    Ok(())
                }
                Err(error) => ensure(
                    towns(&db) == before,
                    format!("refused ({error}) yet the data changed"),
                ),
            }
        })
        .unwrap();
}

#[test]
fn the_exchange_reader_survives_random_and_mutated_files() {
    use branch_planner::api::exchange as ex;
    let (dir, db, mut conn) = demo_db();
    let branch = crate::branch_id(&conn, crate::activities::BRANCH);
    let at = NaiveDateTime::parse_from_str("2026-11-27 09:30:15", "%Y-%m-%d %H:%M:%S").unwrap();
    let good =
        ex::export_branch(&mut conn, &db, &branch, &dir.path().join("good.bpx"), at).unwrap();
    drop(conn);
    // The database an import writes into: empty, so anything written shows. A successful
    // import (a mutation the zip and JSON readers accept) moves on to a fresh one.
    let fresh = || {
        let path = dir
            .path()
            .join(format!("target-{}.sqlite3", branch_planner::db::new_id()));
        let conn = branch_planner::db::open(&path).unwrap();
        (path, conn)
    };
    let target = RefCell::new(fresh());
    let rows = |conn: &Connection| -> i64 {
        conn.query_row(
            "SELECT (SELECT COUNT(*) FROM member) + (SELECT COUNT(*) FROM exchange_base)",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let strategy = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        mutated(std::fs::read(&good.path).unwrap()),
    ];
    runner()
        .run(&strategy, |data| {
            let file = dir.path().join("fuzz.bpx");
            std::fs::write(&file, &data).unwrap();
            let mut target = target.borrow_mut();
            let (path, conn) = &mut *target;
            let path = path.clone();
            let _ = ex::preview(conn, &path, &file, crate::today());
            match ex::import(conn, &path, &file, &[], Some(ex_choice()), crate::today()) {
                Ok(done) => {
                    ensure(
                        rows(conn) > 0 && done.kinds.iter().any(|k| k.new > 0),
                        "an import reported success but wrote nothing".into(),
                    )?;
                    *target = fresh();
                    Ok(())
                }
                Err(error) => ensure(
                    rows(conn) == 0,
                    format!("refused ({error}) yet the database changed"),
                ),
            }
        })
        .unwrap();
}

fn ex_choice() -> branch_planner::exchange::plan::Choice {
    branch_planner::exchange::plan::Choice::Theirs
}

/// `small_xlsx` with one part's text replaced by `edit`.
fn xlsx_with(part: &str, edit: &dyn Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let source = small_xlsx();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(source)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).unwrap();
        let text = if name == part {
            edit(&String::from_utf8(text).unwrap()).into_bytes()
        } else {
            text
        };
        out.start_file(name, deflated).unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Spreadsheets shaped to exhaust the machine end in a clear error, within a memory limit:
/// each runs in the real CLI under `ulimit -v` (1.5 GB), so an allocation of the size the file
/// declares would kill the process instead of passing.
#[test]
fn spreadsheets_that_would_exhaust_memory_are_refused_within_a_memory_limit() {
    let (dir, db, _conn) = demo_db();
    let before = crate::member_count(&db);
    let mut far = rust_xlsxwriter::Workbook::new();
    let sheet = far.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(0, 1, "支部").unwrap();
    sheet.write_string(1_048_575, 16_383, "远").unwrap();
    let bomb = xlsx_with("xl/worksheets/sheet1.xml", &|xml| {
        xml.replacen(
            "<sheetData>",
            &format!("<sheetData>{}", " ".repeat(150 * 1024 * 1024)),
            1,
        )
    });
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "strings",
            xlsx_with("xl/sharedStrings.xml", &|xml| {
                xml.replace("count=\"", "count=\"1000000000")
            }),
            "共享字符串",
        ),
        (
            "far-cell",
            far.save_to_buffer().unwrap(),
            "行数达到 1048576",
        ),
        ("bomb", bomb, "解压后超过"),
        ("huge-file", vec![b'a'; 21 * 1024 * 1024], "上限 20 MB"),
    ];
    for (name, bytes, expected) in cases {
        let file = dir.path().join(format!("{name}.xlsx"));
        std::fs::write(&file, &bytes).unwrap();
        let out = std::process::Command::new("bash")
            .args(["-c", "ulimit -v 1500000; exec \"$@\"", "limited"])
            .arg(env!("CARGO_BIN_EXE_planner"))
            .args(["members", "import", "--db"])
            .arg(&db)
            .arg(&file)
            .env(branch_planner::clock::TODAY_ENV, crate::today().to_string())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code().is_some_and(|c| c != 0),
            "{name}: a clear failure, not a signal: {:?} {stderr}",
            out.status
        );
        assert!(stderr.contains(expected), "{name}: {stderr}");
    }
    assert_eq!(crate::member_count(&db), before, "nothing was imported");
}
