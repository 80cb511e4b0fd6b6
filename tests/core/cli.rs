//! The `planner` command line, run as a real process.

use std::process::Command;

use rust_xlsxwriter::Workbook;

use crate::member_count;

/// `planner demo` into `db`, which must succeed.
fn demo_file(db: &std::path::Path) {
    let out = crate::planner()
        .args(["demo", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn demo_then_list_branches_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    demo_file(&db);
    let out = crate::planner()
        .args(["list", "branches", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 8);
    assert!(rows
        .iter()
        .all(|r| r["town"] == "桃林镇" && r["seatsFilled"] == 3));

    let second = crate::planner()
        .args(["demo", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        !second.status.success(),
        "demo data never goes into a register that holds data"
    );
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("only into an empty database"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
}

/// Without --db the environment variable names the database; --db wins over it; a database
/// that does not exist is a bad argument, not a new empty file.
#[test]
fn the_database_comes_from_the_flag_then_the_environment_and_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite3");
    demo_file(&db);
    let branches = |cmd: &mut Command| {
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout)
                .matches("\"id\"")
                .count(),
        )
    };
    let from_env = branches(
        crate::planner()
            .args(["list", "branches", "--json"])
            .env(branch_planner::db::DB_ENV_VAR, &db),
    );
    assert_eq!(
        from_env,
        (Some(0), 8),
        "the environment names the demo file"
    );

    let missing = dir.path().join("typo.sqlite3");
    let out = crate::planner()
        .args(["list", "branches", "--json", "--db"])
        .arg(&missing)
        .env(branch_planner::db::DB_ENV_VAR, &db)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "--db wins, and it does not exist"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("typo.sqlite3"));
    assert!(!missing.exists(), "no empty database is created");
}

/// `planner … | head` ends quietly when the reader stops, instead of a panic on the pipe.
#[cfg(unix)]
#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pipe.sqlite3");
    demo_file(&db);
    let mut child = crate::planner()
        .args(["schedule", "--year", "2026", "--json", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the command has opened its database and printed anything.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        status.signal(),
        Some(13),
        "ends by SIGPIPE as other tools do, not by a panic: {status:?}"
    );
}

#[test]
fn import_with_a_bad_row_writes_nothing_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    demo_file(&db);
    let before = member_count(&db);

    let file = dir.path().join("members.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["支部", "姓名", "性别", "出生年份", "联系电话"],
        [
            "蔬菜种植服务型党支部",
            "钱玉兰",
            "女",
            "1971",
            "13905361111",
        ],
        ["蔬菜种植服务型党支部", "孙德胜", "男", "1966", "123"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    book.save(&file).unwrap();

    let out = crate::planner()
        .args(["members", "import", "--db"])
        .arg(&db)
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success(), "a bad row makes the import fail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("row 3"), "the bad row is named: {stderr}");
    assert_eq!(member_count(&db), before, "nothing is written");

    let export = dir.path().join("out.xlsx");
    let out = crate::planner()
        .args(["members", "export", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&export)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(export.metadata().unwrap().len() > 1000);
}

/// Every output command refuses to write over the database it has open, or the files beside
/// it, and the data survives: the register still reads afterwards.
#[test]
fn no_output_command_overwrites_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    demo_file(&db);
    let members = member_count(&db);
    let before = std::fs::read(&db).unwrap();
    let link = dir.path().join("成员.xlsx");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let wal = dir.path().join("cli.sqlite3-wal");
    let branches = crate::planner_json(&["list", "branches", "--json"], &db);
    let branch = branches[0]["id"].as_str().unwrap().to_owned();
    let mut attempts: Vec<(Vec<&str>, &std::path::Path)> = vec![
        (vec!["members", "export"], &db),
        (vec!["members", "export"], &wal),
        (vec!["ics", "--year", "2026", "--branch", &branch], &db),
        (
            vec!["print", "calendar", "--year", "2026", "--branch", &branch],
            &db,
        ),
    ];
    if cfg!(unix) {
        attempts.push((vec!["members", "export"], &link));
    }
    for (args, out) in attempts {
        let run = crate::planner()
            .args(&args)
            .arg("--db")
            .arg(&db)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{args:?} --out {}", out.display());
        assert!(
            stderr.contains("正在使用的数据文件"),
            "{args:?} --out {}: {stderr}",
            out.display()
        );
    }
    assert_eq!(member_count(&db), members, "the register is intact");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    assert_eq!(
        &std::fs::read(&db).unwrap()[..16],
        &before[..16],
        "still an SQLite file"
    );
}

/// What the command line repeats from a file cannot take over the terminal: a name with an
/// escape sequence and a bidi override is shown with � and cut at 200 letters.
#[test]
fn names_from_a_file_are_echoed_harmless_and_cut() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("planner.sqlite3");
    demo_file(&db);
    let file = dir.path().join("m.csv");
    let hostile = format!("王\u{1b}]0;pwned\u{7}\u{202e}五{}", "长".repeat(300));
    std::fs::write(
        &file,
        format!("姓名,性别,出生年份,支部\n{hostile},男,1970,农机服务型党支部\n张三,?,1970,农机服务型党支部\n"),
    )
    .unwrap();
    let out = crate::planner()
        .args(["members", "import", "--db"])
        .arg(&db)
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{202e}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    let line = stderr
        .lines()
        .find(|l| l.starts_with("row 2"))
        .expect(&stderr);
    assert!(
        line.contains("王\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}五"),
        "{line}"
    );
    assert!(line.contains('…') && line.chars().count() < 300, "{line}");
}

/// A missing input file is named; a dry run into a database that does not exist creates no
/// folder and no file.
#[test]
fn a_missing_file_is_named_and_a_dry_run_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("planner.sqlite3");
    demo_file(&db);
    let missing = dir.path().join("从U盘拿的.bpx");
    for args in [
        vec![
            "import",
            "--db",
            db.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
        vec![
            "restore",
            "--db",
            db.to_str().unwrap(),
            "--yes",
            "--from",
            missing.to_str().unwrap(),
        ],
        vec![
            "members",
            "import",
            "--db",
            db.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
    ] {
        let out = crate::planner().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr.contains("从U盘拿的.bpx") && stderr.contains("找不到"),
            "{args:?}: {stderr}"
        );
    }

    let good = dir.path().join("b.bpx");
    let branch = crate::planner()
        .args(["list", "branches", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let branch_id = String::from_utf8_lossy(&branch.stdout)
        .split('\t')
        .next()
        .unwrap()
        .to_owned();
    let out = crate::planner()
        .args(["export", "--db"])
        .arg(&db)
        .args(["--branch", &branch_id, "--out"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nowhere = dir.path().join("新建文件夹").join("planner.sqlite3");
    let out = crate::planner()
        .args(["import", "--dry-run", "--db"])
        .arg(&nowhere)
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("member"),
        "the preview is printed"
    );
    assert!(!nowhere.parent().unwrap().exists(), "no folder created");
}

/// `planner --version` names the program and the version of the package it was built from.
#[test]
fn version_is_printed() {
    let out = crate::planner().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("planner {}", env!("CARGO_PKG_VERSION"))
    );
}
