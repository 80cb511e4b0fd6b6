//! The `planner` command line, run as a real process.

use std::process::Command;

use rust_xlsxwriter::Workbook;

use crate::member_count;

fn planner() -> Command {
    Command::new(env!("CARGO_BIN_EXE_planner"))
}

#[test]
fn demo_then_list_branches_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    let out = planner().args(["demo", "--db"]).arg(&db).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = planner()
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

    let second = planner().args(["demo", "--db"]).arg(&db).output().unwrap();
    assert!(
        !second.status.success(),
        "demo data never goes into a register that holds data"
    );
}

#[test]
fn import_with_a_bad_row_writes_nothing_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    assert!(planner()
        .args(["demo", "--db"])
        .arg(&db)
        .status()
        .unwrap()
        .success());
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

    let out = planner()
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
    let out = planner()
        .args(["members", "export", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&export)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(export.metadata().unwrap().len() > 1000);
}
