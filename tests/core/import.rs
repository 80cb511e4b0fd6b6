//! Member import: all rows or nothing, with row errors; the export reads back.

use std::path::{Path, PathBuf};

use branch_planner::api::import;
use branch_planner::error::{ApiError, Error};
use branch_planner::member_import::{ImportFileReason, ImportProblem};
use branch_planner::ErrorCode;
use calamine::{open_workbook_auto, Reader};
use rust_xlsxwriter::Workbook;

use crate::{demo_db, member_count, today};

const HEADER: [&str; 9] = [
    "社区",
    "支部",
    "姓名",
    "性别",
    "出生年份",
    "联系电话",
    "专长",
    "入党日期",
    "有能力的党员",
];

/// Writes an .xlsx whose first row is `header` and then `rows`; a number-looking birth year is
/// written as a number, as Excel users type it.
fn write_xlsx(dir: &Path, name: &str, header: &[&str], rows: &[[&str; 9]]) -> PathBuf {
    let path = dir.join(name);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            match text.parse::<f64>() {
                Ok(n) if c == 4 => sheet.write_number(r as u32 + 1, c as u16, n).unwrap(),
                _ => sheet.write_string(r as u32 + 1, c as u16, *text).unwrap(),
            };
        }
    }
    book.save(&path).unwrap();
    path
}

const GOOD: [[&str; 9]; 3] = [
    [
        "杏花社区",
        "蔬菜种植服务型党支部",
        "钱玉兰",
        "女",
        "1971",
        "13905361111",
        "大棚蔬菜",
        "1996-07-01",
        "是",
    ],
    [
        "",
        "农机服务型党支部",
        "孙德胜",
        "男",
        "1966",
        "0536-6012345",
        "农机维修",
        "1990/5/4",
        "否",
    ],
    [
        "青石社区",
        "电商物流服务型党支部",
        "周婷婷",
        "女",
        "1995",
        "",
        "直播带货",
        "2019年6月",
        "",
    ],
];

#[test]
fn a_good_file_imports_every_row_in_one_go() {
    let (dir, path, mut conn) = demo_db();
    let before = member_count(&path);
    let file = write_xlsx(dir.path(), "good.xlsx", &HEADER, &GOOD);
    let preview = import::preview_members(&conn, &file, today()).unwrap();
    assert_eq!(
        (preview.valid_rows, preview.error_rows),
        (3, 0),
        "{:?}",
        preview.rows
    );
    assert_eq!(
        preview.rows[0].row, 2,
        "row numbers are as the spreadsheet shows them"
    );
    assert_eq!(member_count(&path), before, "a preview writes nothing");

    let outcome = import::import_members(&mut conn, &file, None, today()).unwrap();
    assert_eq!(outcome.inserted, 3);
    assert_eq!(member_count(&path), before + 3);
    let again = import::import_members(&mut conn, &file, None, today()).unwrap_err();
    assert_eq!(
        again.code(),
        ErrorCode::ImportRows,
        "the same people a second time are duplicates"
    );
    assert_eq!(member_count(&path), before + 3);
}

#[test]
fn a_file_with_three_bad_rows_writes_nothing_and_names_each_row() {
    let (dir, path, mut conn) = demo_db();
    let before = member_count(&path);
    let mut rows = GOOD.to_vec();
    rows.push(["", "蔬菜种植服务型党支部", "", "男", "1970", "", "", "", ""]);
    rows.push([
        "",
        "蔬菜种植服务型党支部",
        "吴海涛",
        "男",
        "1970",
        "12345",
        "",
        "",
        "",
    ]);
    rows.push(["", "不存在的支部", "郑雪梅", "女", "1980", "", "", "", ""]);
    let file = write_xlsx(dir.path(), "bad.xlsx", &HEADER, &rows);

    let preview = import::preview_members(&conn, &file, today()).unwrap();
    assert_eq!(preview.error_rows, 3);
    let problems: Vec<(u32, Vec<ImportProblem>)> = preview
        .rows
        .iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| (r.row, r.problems.clone()))
        .collect();
    assert_eq!(
        problems,
        [
            (5, vec![ImportProblem::MissingName]),
            (6, vec![ImportProblem::BadPhone]),
            (7, vec![ImportProblem::UnknownBranch]),
        ]
    );
    let err = import::import_members(&mut conn, &file, None, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportRows);
    assert_eq!(
        member_count(&path),
        before,
        "not even the good rows are written"
    );
}

#[test]
fn a_person_already_in_the_register_or_twice_in_the_file_is_flagged() {
    let (dir, _path, conn) = demo_db();
    let existing = branch_planner::api::register::list_members(&conn, &Default::default()).unwrap();
    let someone = &existing[5];
    let year = someone.birth_year.to_string();
    let rows = [
        [
            "",
            someone.branch_name.as_str(),
            someone.name.as_str(),
            "男",
            year.as_str(),
            "",
            "",
            "",
            "",
        ],
        GOOD[0],
        GOOD[0],
    ];
    let file = write_xlsx(dir.path(), "dupes.xlsx", &HEADER, &rows);
    let preview = import::preview_members(&conn, &file, today()).unwrap();
    assert_eq!(
        preview.rows[0].problems,
        [ImportProblem::DuplicateInRegister]
    );
    assert!(preview.rows[1].problems.is_empty());
    assert_eq!(preview.rows[2].problems, [ImportProblem::DuplicateInFile]);
}

/// Why the file was refused, as the UI receives it.
fn reason_of(err: Error) -> (Option<ImportFileReason>, Option<String>) {
    assert_eq!(err.code(), ErrorCode::ImportFile, "{err}");
    let api = ApiError::from(err);
    (api.import_reason, api.subject)
}

#[test]
fn an_empty_file_and_a_headerless_file_are_clear_errors() {
    let (dir, _path, conn) = demo_db();
    let empty = write_xlsx(dir.path(), "empty.xlsx", &[], &[]);
    let err = import::preview_members(&conn, &empty, today()).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    assert_eq!(reason_of(err).0, Some(ImportFileReason::Empty));

    for name in ["zero.xlsx", "zero.csv"] {
        let zero_bytes = dir.path().join(name);
        std::fs::write(&zero_bytes, b"").unwrap();
        let err = import::preview_members(&conn, &zero_bytes, today()).unwrap_err();
        assert_eq!(reason_of(err).0, Some(ImportFileReason::Empty), "{name}");
    }

    let header_only = write_xlsx(dir.path(), "header.xlsx", &HEADER, &[]);
    let err = import::preview_members(&conn, &header_only, today()).unwrap_err();
    assert_eq!(reason_of(err).0, Some(ImportFileReason::NoMemberRows));

    let no_name = write_xlsx(dir.path(), "noname.xlsx", &["支部", "电话"], &[]);
    let err = import::preview_members(&conn, &no_name, today()).unwrap_err();
    assert!(err.to_string().contains("姓名"), "{err}");
    assert_eq!(
        reason_of(err),
        (
            Some(ImportFileReason::MissingColumn),
            Some("姓名".to_owned())
        ),
        "the UI names the missing column"
    );
}

#[test]
fn a_file_changed_after_its_preview_is_refused_and_nothing_is_written() {
    let (dir, path, mut conn) = demo_db();
    let before = member_count(&path);
    let file = write_xlsx(dir.path(), "members.xlsx", &HEADER, &GOOD[..1]);
    let preview = import::preview_members(&conn, &file, today()).unwrap();
    assert_eq!(preview.file_digest.len(), 64);
    // Someone adds rows to the file while its preview is open.
    write_xlsx(dir.path(), "members.xlsx", &HEADER, &GOOD);
    let err =
        import::import_members(&mut conn, &file, Some(&preview.file_digest), today()).unwrap_err();
    assert_eq!(reason_of(err).0, Some(ImportFileReason::Changed));
    assert_eq!(member_count(&path), before, "nothing unseen is written");

    let seen = import::preview_members(&conn, &file, today()).unwrap();
    let outcome =
        import::import_members(&mut conn, &file, Some(&seen.file_digest), today()).unwrap();
    assert_eq!(outcome.inserted, GOOD.len() as u32);
}

#[test]
fn a_text_file_renamed_xlsx_is_a_clear_error() {
    let (dir, path, mut conn) = demo_db();
    let before = member_count(&path);
    let fake = dir.path().join("members.xlsx");
    std::fs::write(&fake, "姓名,支部\n王明,蔬菜种植服务型党支部\n").unwrap();
    let err = import::import_members(&mut conn, &fake, None, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportFile);
    assert!(err.to_string().contains("not a spreadsheet"), "{err}");
    assert_eq!(reason_of(err).0, Some(ImportFileReason::NotASpreadsheet));
    assert_eq!(member_count(&path), before);
}

#[test]
fn a_gbk_csv_from_chinese_excel_is_read() {
    let (dir, _path, conn) = demo_db();
    let text =
        "姓名,支部,性别,出生年份,联系电话\r\n冯美玲,蔬菜种植服务型党支部,女,1983,13705362222\r\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let file = dir.path().join("members.csv");
    std::fs::write(&file, &bytes).unwrap();
    let preview = import::preview_members(&conn, &file, today()).unwrap();
    assert_eq!(preview.rows.len(), 1);
    assert_eq!(preview.rows[0].name, "冯美玲");
    assert!(
        preview.rows[0].problems.is_empty(),
        "{:?}",
        preview.rows[0].problems
    );
}

#[test]
fn the_export_holds_every_member_with_the_import_columns() {
    let (dir, path, conn) = demo_db();
    let out = dir.path().join("register.xlsx");
    let outcome = import::export_register(&conn, &out).unwrap();
    assert_eq!(i64::from(outcome.rows), member_count(&path));
    let mut book = open_workbook_auto(&out).unwrap();
    let range = book.worksheet_range("党员名册").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..9], HEADER);
    assert_eq!(range.height() as u32, outcome.rows + 1);
    let secretaries = range.rows().filter(|r| r[9] == "支部书记").count();
    assert_eq!(secretaries, 8, "each demo branch's secretary is marked");
}

/// Two imports of the same file at the same moment (the window and the command line, or a
/// double click): the duplicate check runs inside the write lock, so the members are added once.
#[test]
fn the_same_file_imported_twice_at_once_adds_its_members_once() {
    let (dir, path, conn) = demo_db();
    drop(conn);
    let before = member_count(&path);
    let names: Vec<String> = (0..1500).map(|i| format!("并发导入{i:04}")).collect();
    let rows: Vec<[&str; 9]> = names
        .iter()
        .map(|name| {
            [
                "杏花社区",
                "蔬菜种植服务型党支部",
                name.as_str(),
                "女",
                "1971",
                "",
                "",
                "",
                "",
            ]
        })
        .collect();
    let file = write_xlsx(dir.path(), "twice.xlsx", &HEADER, &rows);
    let results: Vec<Result<u32, ErrorCode>> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..3)
            .map(|_| {
                scope.spawn(|| {
                    let mut conn = branch_planner::db::open(&path).unwrap();
                    import::import_members(&mut conn, &file, None, today())
                        .map(|o| o.inserted)
                        .map_err(|e| e.code())
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "exactly one import adds the members: {results:?}"
    );
    assert!(
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .all(|code| matches!(code, ErrorCode::ImportRows | ErrorCode::DatabaseBusy)),
        "the others see duplicates (or a busy database): {results:?}"
    );
    assert_eq!(member_count(&path), before + 1500);
}
