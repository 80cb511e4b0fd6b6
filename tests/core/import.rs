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

/// A 党员花名册 as a community office keeps it: a merged title naming the branch, a 填报单位
/// line, then the header with 序号, 出生年月, 入党时间 and 手机号码, dates written with dots, and
/// one 入党时间 typed as an Excel date.
fn write_office_roster(dir: &Path, name: &str, branch_column: bool) -> PathBuf {
    use rust_xlsxwriter::{ExcelDateTime, Format};
    let path = dir.join(name);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 6, "杏花社区蔬菜种植服务型党支部党员花名册", &plain)
        .unwrap();
    sheet.write_string(1, 0, "填报单位：杏花社区党委").unwrap();
    sheet.write_string(1, 4, "填报日期：2026年11月").unwrap();
    let mut header = vec!["序号", "姓名", "性别", "出生年月", "入党时间", "手机号码"];
    if branch_column {
        header.push("所在支部");
    }
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    // 出生年月 as typed: a number 1968.03 (how Excel keeps it), and texts in the other forms.
    let rows: [(&str, &str, &str, &str, &str); 5] = [
        ("王建国", "男", "1968.03", "1995.07", "13905360001"),
        ("李秀英", "女", "1972.3", "2010.07.01", ""),
        ("张志强", "男", "1970年3月", "excel", "13905360003"),
        ("赵淑芬", "女", "1966-03", "1990年5月", ""),
        ("刘春生", "男", "196511", "19920701", "13905360005"),
    ];
    for (r, (member, gender, born, joined, phone)) in rows.iter().enumerate() {
        let row = r as u32 + 3;
        sheet.write_number(row, 0, r as f64 + 1.0).unwrap();
        sheet.write_string(row, 1, *member).unwrap();
        sheet.write_string(row, 2, *gender).unwrap();
        match born.parse::<f64>() {
            Ok(n) if born.contains('.') => sheet.write_number(row, 3, n).unwrap(),
            _ => sheet.write_string(row, 3, *born).unwrap(),
        };
        if *joined == "excel" {
            let date = ExcelDateTime::from_ymd(1998, 6, 30).unwrap();
            let format = Format::new().set_num_format("yyyy年m月d日");
            sheet
                .write_datetime_with_format(row, 4, &date, &format)
                .unwrap();
        } else {
            sheet.write_string(row, 4, *joined).unwrap();
        }
        sheet.write_string(row, 5, *phone).unwrap();
        if branch_column {
            sheet.write_string(row, 6, "蔬菜种植服务型党支部").unwrap();
        }
    }
    book.save(&path).unwrap();
    path
}

#[test]
fn a_roster_as_offices_keep_it_is_read_from_its_header_row_down() {
    use branch_planner::member_import::{ImportColumn, ImportField};
    let (dir, path, mut conn) = demo_db();
    let before = member_count(&path);
    for branch_column in [true, false] {
        let file = write_office_roster(
            dir.path(),
            &format!("花名册{branch_column}.xlsx"),
            branch_column,
        );
        let preview = import::preview_members(&conn, &file, today()).unwrap();
        assert_eq!(
            (preview.valid_rows, preview.error_rows),
            (5, 0),
            "{:?}",
            preview.rows
        );
        let layout = &preview.layout;
        assert_eq!(
            layout.header_row, 3,
            "the title and 填报单位 rows are skipped"
        );
        let read_as = |header: &str| {
            layout
                .columns
                .iter()
                .find(|c| c.header == header)
                .and_then(|c: &ImportColumn| c.field)
        };
        assert_eq!(read_as("序号"), None, "序号 is not read");
        assert_eq!(read_as("姓名"), Some(ImportField::Name));
        assert_eq!(read_as("出生年月"), Some(ImportField::BirthYear));
        assert_eq!(read_as("入党时间"), Some(ImportField::JoinedOn));
        assert_eq!(read_as("手机号码"), Some(ImportField::Phone));
        assert_eq!(
            layout.branch_from_title.as_deref(),
            (!branch_column).then_some("蔬菜种植服务型党支部"),
            "the title's branch is named only where rows take it"
        );
        let rows = &preview.rows;
        assert_eq!(
            rows[0].row, 4,
            "rows keep the numbers the spreadsheet shows"
        );
        let years: Vec<Option<i32>> = rows.iter().map(|r| r.birth_year).collect();
        assert_eq!(
            years,
            [Some(1968), Some(1972), Some(1970), Some(1966), Some(1965)]
        );
        let joined: Vec<String> = rows
            .iter()
            .map(|r| r.joined_on.map(|d| d.to_string()).unwrap_or_default())
            .collect();
        assert_eq!(
            joined,
            [
                "1995-07-01",
                "2010-07-01",
                "1998-06-30",
                "1990-05-01",
                "1992-07-01"
            ]
        );
        let first_branch = rows[0].branch_id.clone();
        assert!(first_branch.is_some());
        assert!(rows
            .iter()
            .all(|r| r.branch_name == "蔬菜种植服务型党支部" && r.branch_id == first_branch));
        if !branch_column {
            assert!(rows.iter().all(|r| r.community_name == "杏花社区"));
        }
    }
    let file = write_office_roster(dir.path(), "花名册.xlsx", false);
    let outcome = import::import_members(&mut conn, &file, None, today()).unwrap();
    assert_eq!(outcome.inserted, 5);
    assert_eq!(member_count(&path), before + 5);
}

#[test]
fn a_roster_whose_title_names_no_branch_needs_a_branch_column() {
    let (dir, _path, conn) = demo_db();
    let file = dir.path().join("无支部.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "党员花名册").unwrap();
    for (c, h) in ["序号", "姓名", "性别", "出生年月"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (c, t) in ["1", "王建国", "男", "1968.03"].iter().enumerate() {
        sheet.write_string(2, c as u16, *t).unwrap();
    }
    book.save(&file).unwrap();
    let err = import::preview_members(&conn, &file, today()).unwrap_err();
    assert_eq!(
        reason_of(err),
        (
            Some(ImportFileReason::MissingColumn),
            Some("支部".to_owned())
        )
    );

    // Ten rows of notes and no 姓名 anywhere: the header is not searched for further down.
    let file = dir.path().join("说明.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for r in 0..12 {
        sheet.write_string(r, 0, format!("说明第{r}行")).unwrap();
    }
    sheet.write_string(12, 0, "姓名").unwrap();
    sheet.write_string(12, 1, "支部").unwrap();
    book.save(&file).unwrap();
    let err = import::preview_members(&conn, &file, today()).unwrap_err();
    assert_eq!(reason_of(err).1, Some("姓名".to_owned()));
}
