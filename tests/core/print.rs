//! Printing from the demo data, read back with poppler: `pdftotext` finds the headings, every
//! branch name and every date; `pdffonts` shows the Chinese font embedded; `pdfinfo` the page
//! count and size. Golden renders of the two wall calendars are compared with a tolerance.
//!
//! Refresh the goldens after a deliberate layout change (then look at them!):
//! `BP_UPDATE_GOLDENS=1 cargo test -p branch-planner --test core print::`
//! (`BP_PRINT_DUMP=folder` keeps every PDF the tests print.)

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

use branch_planner::activity::{
    AbsenceReason, ActivityKind, ActivityStep, AttendanceEntry, Step, StepEntry,
};
use branch_planner::activity_week::Weekday;
use branch_planner::api::activities::{self as acts, Change};
use branch_planner::api::print::{self, batch, PrintJob};
use branch_planner::api::schedule;
use branch_planner::day_plan::{DayMove, DayPlan};
use branch_planner::ledger::{
    Problem, ProblemStatus, Suggestion, SuggestionSource, SuggestionStatus,
};
use branch_planner::print::docs::Paper;
use branch_planner::{ApiError, Error, ErrorCode};
use chrono::NaiveDate;
use rusqlite::Connection;
use tempfile::TempDir;

use crate::{branch_id, demo_db, today};

const BRANCH: &str = "蔬菜种植服务型党支部";
const COMMUNITY: &str = "杏花社区";
/// 2024: the Spring Festival break (02-10..17) covers most of February's activity week.
const YEAR: i32 = 2024;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn community_id(conn: &Connection, name: &str) -> String {
    conn.query_row("SELECT id FROM community WHERE name = ?1", [name], |r| {
        r.get(0)
    })
    .unwrap()
}

fn branches_of(conn: &Connection, community: &str) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT id, name FROM branch WHERE community_id = ?1 ORDER BY name")
        .unwrap();
    let rows = stmt
        .query_map([community], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// The demo plans start in 2025; give every branch of the community a Wednesday (and one
/// branch a Monday) from 2024-01, so February 2024 moves out of the Spring Festival.
fn plan_2024(conn: &mut Connection) {
    let community = community_id(conn, COMMUNITY);
    for (i, (id, _)) in branches_of(conn, &community).into_iter().enumerate() {
        let weekday = [Weekday::Mon, Weekday::Thu, Weekday::Fri, Weekday::Wed][i % 4];
        schedule::save_day_plan(
            conn,
            DayPlan {
                branch_id: id,
                effective_from: "2024-01".into(),
                weekday,
                start_time: format!("{:02}:30", 8 + i),
                venue: "村委会议室".into(),
            },
        )
        .unwrap();
    }
}

fn change() -> Change<'static> {
    Change {
        actor: "支部书记",
        at: date(2024, 3, 13).and_hms_opt(12, 0, 0).unwrap(),
    }
}

/// A March 2024 activity of `branch`, recorded, with attendance and ledger entries.
fn march_activity(conn: &mut Connection, branch: &str) -> String {
    let mut draft = acts::draft_for_day(conn, branch, YEAR, 3).unwrap();
    draft.topic = "春季育苗技术培训".into();
    draft.kinds = vec![ActivityKind::StudyTraining, ActivityKind::TechnicalLecture];
    draft.leader = "县农技站 王技术员".into();
    let entry = |plan: &str, done: &str| StepEntry {
        plan_content: plan.into(),
        plan_leader: "支部书记".into(),
        plan_minutes: 40,
        record_done: done.into(),
        ..Default::default()
    };
    draft.steps = vec![
        ActivityStep {
            step: Step::TheoryStudy,
            entry: entry("学习乡村振兴政策", "集中学习政策原文"),
        },
        ActivityStep {
            step: Step::PracticalTraining,
            entry: entry("育苗温控实操", "在示范大棚分组实操"),
        },
        ActivityStep {
            step: Step::InteractiveImprovement,
            entry: entry("交流育苗经验", "6名党员发言"),
        },
    ];
    let id = acts::plan_activity(conn, draft).unwrap().activity.id;
    let roll = acts::activity_detail(conn, &id).unwrap().roll;
    let sheet: Vec<AttendanceEntry> = roll
        .iter()
        .enumerate()
        .map(|(i, m)| AttendanceEntry {
            member_id: m.member_id.clone(),
            present: i != 2,
            absence_reason: (i == 2).then_some(AbsenceReason::MigrantWork),
            note: String::new(),
        })
        .collect();
    acts::set_attendance(conn, &id, &sheet, 4, &change()).unwrap();
    acts::save_suggestion(
        conn,
        Suggestion {
            id: String::new(),
            branch_id: branch.into(),
            activity_id: Some(id.clone()),
            text: "希望统一采购优质种苗".into(),
            source: SuggestionSource::Resident,
            source_name: "赵大娘".into(),
            received_on: date(2024, 3, 13),
            category: "生产".into(),
            status: SuggestionStatus::Received,
            response: String::new(),
        },
        date(2024, 3, 13),
    )
    .unwrap();
    acts::save_problem(
        conn,
        Problem {
            id: String::new(),
            branch_id: branch.into(),
            activity_id: Some(id.clone()),
            person: "李大伯".into(),
            description: "大棚薄膜破损".into(),
            raised_on: date(2024, 3, 13),
            help: "联系农资站".into(),
            status: ProblemStatus::Open,
            solved_on: None,
        },
        date(2024, 3, 13),
    )
    .unwrap();
    id
}

struct Pdf {
    _dir: TempDir,
    path: PathBuf,
}

fn write_pdf(conn: &Connection, job: &PrintJob) -> (Pdf, print::PrintedPdf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    let printed = print::pdf(conn, job, today()).unwrap();
    std::fs::write(&path, &printed.bytes).unwrap();
    // BP_PRINT_DUMP=folder keeps every printed PDF, to look at them.
    if let Some(dump) = std::env::var_os("BP_PRINT_DUMP") {
        let name = print::safe_file_name(&job.file_name(conn).unwrap());
        std::fs::create_dir_all(&dump).unwrap();
        std::fs::write(Path::new(&dump).join(name), &printed.bytes).unwrap();
    }
    (Pdf { _dir: dir, path }, printed)
}

fn run(tool: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed: {e}"));
    assert!(out.status.success(), "{tool} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The text of a PDF without whitespace, in the order it was laid out (`-raw`: a table's
/// cells do not interleave): pdftotext puts spaces where typst spaces CJK from Latin letters
/// and digits ("2024 年"), and lines break anywhere.
fn text_of(pdf: &Pdf) -> String {
    run("pdftotext", &["-raw"], &pdf.path)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_has(text: &str, wanted: &str) {
    assert!(text.contains(&squash(wanted)), "no {wanted:?} in {text}");
}

fn pdffonts(pdf: &Pdf) -> String {
    let out = Command::new("pdffonts").arg(&pdf.path).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// (pages, width pt, height pt) from pdfinfo.
fn pdfinfo(pdf: &Pdf) -> (u32, f64, f64) {
    let out = Command::new("pdfinfo").arg(&pdf.path).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {info}"))
            .trim()
            .to_owned()
    };
    let pages = field("Pages:").parse().unwrap();
    let size = field("Page size:");
    let numbers: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (pages, numbers[0], numbers[1])
}

fn assert_cjk_font_embedded(pdf: &Pdf) {
    let fonts = pdffonts(pdf);
    let cjk: Vec<&str> = fonts.lines().filter(|l| l.contains("CJK")).collect();
    assert!(!cjk.is_empty(), "{fonts}");
    for line in cjk {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type... emb sub uni object gen: emb is the fifth column from the end.
        assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {line}");
    }
}

const A4_LANDSCAPE: (f64, f64) = (841.89, 595.28);

fn assert_size(actual: (u32, f64, f64), pages: u32, (w, h): (f64, f64)) {
    assert_eq!(actual.0, pages, "pages");
    assert!(
        (actual.1 - w).abs() < 1.0 && (actual.2 - h).abs() < 1.0,
        "{actual:?}"
    );
}

#[test]
fn a_branch_year_calendar_shows_every_activity_day_and_the_moves() {
    let (_dir, _path, mut conn) = demo_db();
    plan_2024(&mut conn);
    let branch = branch_id(&conn, BRANCH);
    march_activity(&mut conn, &branch);
    schedule::move_day(
        &mut conn,
        DayMove {
            branch_id: branch.clone(),
            year: YEAR,
            month: 5,
            date: date(2024, 5, 16),
            reason: "镇里集中培训".into(),
        },
    )
    .unwrap();
    let job = PrintJob::YearCalendar {
        branch_id: branch.clone(),
        year: YEAR,
        paper: Paper::A4,
    };
    let (pdf, printed) = write_pdf(&conn, &job);
    assert_eq!(printed.font, "Noto Sans CJK SC");
    assert_size(pdfinfo(&pdf), 1, A4_LANDSCAPE);
    assert_cjk_font_embedded(&pdf);
    let text = text_of(&pdf);
    assert_has(&text, &format!("{BRANCH} 2024年党员活动日安排"));
    assert_has(&text, "活动周：每月8日至14日");
    for month in 1..=12 {
        assert_has(&text, &format!("{month}月"));
    }
    let year = schedule::branch_year(&conn, &branch, YEAR).unwrap();
    assert_eq!(year.days.len(), 12);
    let weekdays = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    for day in &year.days {
        use chrono::Datelike;
        let weekday = weekdays[day.date.weekday().num_days_from_monday() as usize];
        assert_has(
            &text,
            &format!("{}日 {weekday} {}", day.date.day(), day.start_time),
        );
    }
    assert_has(&text, "春季育苗技术培训");
    assert_has(&text, "原定2月14日，因春节调整");
    assert_has(&text, "原定5月8日，因镇里集中培训调整");
    assert_has(&text, "春节 2月10日—2月17日");
    compare_golden(&render_png(&pdf), "year-calendar.png");

    let a3 = PrintJob::YearCalendar {
        branch_id: branch,
        year: YEAR,
        paper: Paper::A3,
    };
    let (pdf, _) = write_pdf(&conn, &a3);
    assert_size(pdfinfo(&pdf), 1, (1190.55, 841.89));
}

/// A year whose holidays are not in the app (2029): its year and community-month calendars say
/// so in a band under the title, with what to do, and stay one page.
#[test]
fn a_calendar_of_a_year_without_holidays_says_so_at_the_top() {
    let (_dir, _path, conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let band = "注意：2029年的节假日安排尚未录入，下列活动日没有按节假日顺延。国务院放假通知发布后，请在“设置 → 节假日安排”点“粘贴放假通知”，再重新打印本表。";
    let job = PrintJob::YearCalendar {
        branch_id: branch.clone(),
        year: 2029,
        paper: Paper::A4,
    };
    let (pdf, _) = write_pdf(&conn, &job);
    assert_size(pdfinfo(&pdf), 1, A4_LANDSCAPE);
    let text = text_of(&pdf);
    let title = text.find(&squash("2029年党员活动日安排")).expect("title");
    let warned = text.find(&squash(band)).expect(&text);
    let january = text.find("1月").unwrap();
    assert!(
        title < warned && warned < january,
        "the band is under the title, above the months"
    );

    let job = PrintJob::CommunityMonth {
        community_id: community_id(&conn, COMMUNITY),
        year: 2029,
        month: 1,
        paper: Paper::A4,
    };
    let (pdf, _) = write_pdf(&conn, &job);
    assert_has(&text_of(&pdf), band);
    // A year with its schedule has no band.
    let known = PrintJob::YearCalendar {
        branch_id: branch,
        year: 2026,
        paper: Paper::A4,
    };
    let (pdf, _) = write_pdf(&conn, &known);
    assert!(!text_of(&pdf).contains("尚未录入"));
}

#[test]
fn a_community_month_calendar_puts_every_branch_in_its_cell() {
    let (_dir, _path, mut conn) = demo_db();
    plan_2024(&mut conn);
    let community = community_id(&conn, COMMUNITY);
    let job = PrintJob::CommunityMonth {
        community_id: community.clone(),
        year: YEAR,
        month: 2,
        paper: Paper::A4,
    };
    let (pdf, printed) = write_pdf(&conn, &job);
    assert_eq!(printed.pages, 1);
    assert_size(pdfinfo(&pdf), 1, A4_LANDSCAPE);
    assert_cjk_font_embedded(&pdf);
    let text = text_of(&pdf);
    assert_has(&text, &format!("{COMMUNITY} 2024年2月党员活动日安排"));
    let branches = branches_of(&conn, &community);
    assert_eq!(branches.len(), 4);
    for (id, name) in &branches {
        assert_has(&text, name);
        let day = schedule::branch_year(&conn, id, YEAR)
            .unwrap()
            .days
            .into_iter()
            .find(|d| d.month == 2)
            .unwrap();
        assert_has(&text, &format!("{} {name}", day.start_time));
    }
    for weekday in ["周一", "周二", "周三", "周四", "周五", "周六", "周日"] {
        assert_has(&text, weekday);
    }
    assert_has(&text, "调休上班");
    compare_golden(&render_png(&pdf), "community-month.png");

    // A branch's own month: the same grid, with the topic.
    let (own, _) = write_pdf(
        &conn,
        &PrintJob::BranchMonth {
            branch_id: branches[0].0.clone(),
            year: YEAR,
            month: 2,
            paper: Paper::A4,
        },
    );
    assert_has(
        &text_of(&own),
        &format!("{} 2024年2月党员活动日", branches[0].1),
    );
}

#[test]
fn sign_in_sheet_and_record_list_the_roll_and_the_three_steps() {
    let (_dir, _path, mut conn) = demo_db();
    plan_2024(&mut conn);
    let branch = branch_id(&conn, BRANCH);
    let id = march_activity(&mut conn, &branch);
    let detail = acts::activity_detail(&conn, &id).unwrap();

    let (pdf, _) = write_pdf(
        &conn,
        &PrintJob::SignIn {
            activity_id: id.clone(),
        },
    );
    let (pages, w, h) = pdfinfo(&pdf);
    assert!(pages >= 1);
    assert!(
        (w - 595.28).abs() < 1.0 && (h - 841.89).abs() < 1.0,
        "portrait A4"
    );
    assert_cjk_font_embedded(&pdf);
    let text = text_of(&pdf);
    assert_has(&text, "党员活动日签到表");
    assert_has(&text, "本人签名");
    assert_has(&text, "2024年3月13日");
    for member in &detail.roll {
        assert_has(&text, &member.name);
    }
    assert_has(&text, &format!("应到 {} 人", detail.roll.len()));

    let (pdf, _) = write_pdf(&conn, &PrintJob::ActivityRecord { activity_id: id });
    let text = text_of(&pdf);
    for heading in [
        "党员活动日活动记录",
        "三步走",
        "第一步 理论学习",
        "第二步 实践培训",
        "第三步 互动提高",
        "出勤",
        "意见建议",
        "问题困难",
    ] {
        assert_has(&text, heading);
    }
    assert_has(&text, "在示范大棚分组实操");
    assert_has(&text, "希望统一采购优质种苗");
    assert_has(&text, "大棚薄膜破损");
    assert_has(&text, "外出务工");
    assert_has(&text, &detail.roll[2].name);
}

#[test]
fn the_point_roster_shows_every_branch_and_its_3_plus_x_status() {
    let (_dir, _path, conn) = demo_db();
    let community = community_id(&conn, COMMUNITY);
    let job = PrintJob::PointRoster {
        branch_id: None,
        community_id: Some(community.clone()),
        year: 2026,
    };
    let (pdf, _) = write_pdf(&conn, &job);
    let (_, w, h) = pdfinfo(&pdf);
    assert!((w - A4_LANDSCAPE.0).abs() < 1.0 && (h - A4_LANDSCAPE.1).abs() < 1.0);
    assert_cjk_font_embedded(&pdf);
    let text = text_of(&pdf);
    assert_has(&text, &format!("{COMMUNITY} 2026年“3+X”示范点台账"));
    for (_, name) in branches_of(&conn, &community) {
        assert_has(&text, &name);
    }
    for heading in [
        "支部书记",
        "组织委员",
        "宣传委员",
        "第1季度",
        "第4季度",
        "示范点",
    ] {
        assert_has(&text, heading);
    }
    let points = branch_planner::api::points::list_points(
        &conn,
        &branch_planner::api::points::PointScope {
            community_id: Some(community),
            ..Default::default()
        },
        Some(2026),
    )
    .unwrap();
    assert!(!points.is_empty());
    for p in &points {
        assert_has(&text, &p.point.name);
    }
}

#[test]
fn a_name_with_typst_markup_prints_as_written() {
    let (_dir, _path, conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let name = "#set page(width: 5cm) *一支部* [二] $x$ _三_ <四> @五 //六";
    conn.execute(
        "UPDATE branch SET name = ?1 WHERE id = ?2",
        [name, branch.as_str()],
    )
    .unwrap();
    let job = PrintJob::YearCalendar {
        branch_id: branch,
        year: 2026,
        paper: Paper::A4,
    };
    let (pdf, _) = write_pdf(&conn, &job);
    assert_size(pdfinfo(&pdf), 1, A4_LANDSCAPE);
    assert_has(&text_of(&pdf), name);
}

#[test]
fn a_character_missing_from_the_font_is_an_error_naming_it() {
    let (_dir, _path, mut conn) = demo_db();
    plan_2024(&mut conn);
    let branch = branch_id(&conn, BRANCH);
    let id = march_activity(&mut conn, &branch);
    let member = acts::activity_detail(&conn, &id).unwrap().roll[1]
        .member_id
        .clone();
    conn.execute(
        "UPDATE member SET name = '李𪛖' WHERE id = ?1",
        [member.as_str()],
    )
    .unwrap();
    let err = print::pdf(&conn, &PrintJob::SignIn { activity_id: id }, today()).unwrap_err();
    let Error::MissingGlyphs { font, gaps } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(font, "Noto Sans CJK SC");
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].character, "𪛖");
    assert_eq!(gaps[0].codepoint, "U+2A6D6");
    assert_eq!(gaps[0].field, "rows[1].name");
    assert_eq!(gaps[0].text, "李𪛖");
    let api: ApiError = err.into();
    assert_eq!(api.code, ErrorCode::MissingGlyph);
    assert_eq!(api.glyphs.unwrap()[0].character, "𪛖");
    assert!(api.message.contains("𪛖"), "{}", api.message);
}

#[test]
fn planner_print_calendar_all_writes_one_pdf_per_branch() {
    let (dir, path, _conn) = demo_db();
    let out = dir.path().join("calendars");
    let result = crate::planner()
        .args([
            "print",
            "calendar",
            "--all",
            "--year",
            "2026",
            "--today",
            "2026-11-27",
        ])
        .arg("--db")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(result.status.success(), "{result:?}");
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("wrote 8 of 8 file(s)"), "{stdout}");
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 8);
    assert!(
        files.iter().all(|f| f.ends_with("年活动日历.pdf")),
        "{files:?}"
    );
    assert!(
        files.contains(&format!("{COMMUNITY}-{BRANCH}-2026年活动日历.pdf")),
        "{files:?}"
    );

    // No scope at all is a usage error (exit 2), like every bad argument.
    let bad = crate::planner()
        .args([
            "print", "calendar", "--branch", "x", "--all", "--year", "2026",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

// ---- batches ----

fn files_in(folder: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

fn community_batch(conn: &Connection, year: i32, excel: bool) -> batch::BatchRequest {
    batch::BatchRequest {
        town_id: None,
        community_id: Some(community_id(conn, COMMUNITY)),
        year,
        month: None,
        paper: Paper::A4,
        excel,
    }
}

#[test]
fn a_cancelled_batch_stops_between_documents_and_keeps_only_whole_files() {
    let (dir, _path, conn) = demo_db();
    let folder = dir.path().join("日历");
    let fonts = branch_planner::print::system_fonts().unwrap();
    let request = batch::BatchRequest {
        community_id: None,
        ..community_batch(&conn, 2026, false)
    };
    let cancel = AtomicBool::new(false);
    let mut seen = Vec::new();
    let outcome = batch::batch(
        &conn,
        &fonts,
        &request,
        &folder,
        today(),
        |p| {
            seen.push((p.done, p.total));
            // The user presses 取消 while the third document is being laid out.
            if p.done == 2 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .unwrap();
    assert!(outcome.cancelled, "{outcome:?}");
    assert_eq!((outcome.written, outcome.total), (2, 8), "{outcome:?}");
    assert!(outcome.failed.is_empty());
    assert_eq!(
        seen,
        vec![(0, 8), (1, 8), (2, 8)],
        "progress before the first document and after each; none after the cancel"
    );
    let files = files_in(&folder);
    assert_eq!(files, {
        let mut written = outcome.files.clone();
        written.sort();
        written
    });
    assert_eq!(files.len(), 2, "no partial or extra files: {files:?}");
    for name in &files {
        let pdf = Pdf {
            _dir: tempfile::tempdir().unwrap(),
            path: folder.join(name),
        };
        assert_size(pdfinfo(&pdf), 1, A4_LANDSCAPE);
    }
    assert!(files[0].starts_with(COMMUNITY), "{files:?}");
}

#[test]
fn a_batch_reports_a_branch_it_cannot_print_and_prints_the_rest() {
    let (dir, _path, conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    conn.execute(
        "UPDATE branch SET name = '𪛖庄党支部' WHERE id = ?1",
        [branch.as_str()],
    )
    .unwrap();
    let folder = dir.path().join("out");
    let fonts = branch_planner::print::system_fonts().unwrap();
    let never = AtomicBool::new(false);
    let request = community_batch(&conn, 2026, true);
    let outcome = batch::batch(&conn, &fonts, &request, &folder, today(), |_| {}, &never).unwrap();
    // 4 branches and the community's two Excel tables.
    assert_eq!(outcome.total, 6, "{outcome:?}");
    assert_eq!(outcome.written, 5);
    assert!(!outcome.cancelled);
    assert_eq!(outcome.failed.len(), 1);
    let failure = &outcome.failed[0];
    assert!(failure.file.contains("𪛖庄党支部"), "{}", failure.file);
    assert_eq!(failure.error.code, ErrorCode::MissingGlyph);
    assert_eq!(failure.error.glyphs.as_ref().unwrap()[0].character, "𪛖");
    let files = files_in(&folder);
    assert_eq!(files.len(), 5, "{files:?}");
    assert!(!files.iter().any(|f| f.contains("𪛖")), "{files:?}");
    for excel in ["杏花社区-2026年活动日.xlsx", "杏花社区-2026年示范点.xlsx"] {
        assert!(files.contains(&excel.to_owned()), "{files:?}");
        let bytes = std::fs::read(folder.join(excel)).unwrap();
        assert!(bytes.starts_with(b"PK"), "{excel} is a zip (xlsx)");
    }
}

#[test]
fn a_batch_refuses_a_bad_month_and_an_unknown_community() {
    let (dir, _path, conn) = demo_db();
    let bad_month = batch::BatchRequest {
        month: Some(13),
        ..community_batch(&conn, 2026, false)
    };
    assert!(
        matches!(batch::plan(&conn, &bad_month), Err(Error::Invalid(f)) if f[0].field == "month")
    );
    let unknown = batch::BatchRequest {
        community_id: Some("nope".into()),
        ..community_batch(&conn, 2026, false)
    };
    assert!(matches!(
        batch::plan(&conn, &unknown),
        Err(Error::NotFound { .. })
    ));
    let months = batch::BatchRequest {
        month: Some(3),
        ..community_batch(&conn, 2026, false)
    };
    let items = batch::plan(&conn, &months).unwrap();
    assert_eq!(items.len(), 4);
    assert!(
        items
            .iter()
            .all(|i| i.file_name.ends_with("2026年3月活动日.pdf")),
        "{items:?}"
    );
    assert!(!dir.path().join("out").exists(), "planning writes nothing");
}

#[test]
fn planner_print_calendar_all_with_excel_writes_each_communitys_tables() {
    let (dir, path, _conn) = demo_db();
    let out = dir.path().join("calendars");
    let result = crate::planner()
        .args(["print", "calendar", "--all", "--excel", "--year", "2026"])
        .args(["--today", "2026-11-27", "--db"])
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(result.status.success(), "{result:?}");
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("wrote 12 of 12 file(s)"), "{stdout}");
    let files = files_in(&out);
    let xlsx: Vec<&String> = files.iter().filter(|f| f.ends_with(".xlsx")).collect();
    assert_eq!(
        xlsx,
        [
            "杏花社区-2026年活动日.xlsx",
            "杏花社区-2026年示范点.xlsx",
            "青石社区-2026年活动日.xlsx",
            "青石社区-2026年示范点.xlsx"
        ]
        .iter()
        .collect::<Vec<_>>(),
        "{files:?}"
    );

    // --excel with a single PDF is refused, not ignored.
    let single = crate::planner()
        .args([
            "print", "calendar", "--branch", "x", "--excel", "--year", "2026",
        ])
        .arg("--db")
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("one.pdf"))
        .output()
        .unwrap();
    assert!(!single.status.success());
    assert!(
        String::from_utf8_lossy(&single.stderr).contains("excel"),
        "{single:?}"
    );
}

// ---- golden renders ----

/// The first page as 8-bit grey pixels at 40 dpi (enough to see the grid and the marks).
fn render_png(pdf: &Pdf) -> Vec<u8> {
    let prefix = pdf.path.with_extension("");
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-gray", "-png", "-singlefile"])
        .arg(&pdf.path)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read(prefix.with_extension("png")).unwrap()
}

fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let channels = buf.len() / (info.width * info.height) as usize;
    let grey = buf.chunks(channels).map(|px| px[0]).collect();
    (info.width, info.height, grey)
}

/// Same size, and at most 0.5 % of the pixels differ by more than a quarter of the range:
/// anti-aliasing may change between poppler versions, a moved mark or a missing line may not.
fn compare_golden(actual: &[u8], name: &str) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/print")
        .join(name);
    if std::env::var_os("BP_UPDATE_GOLDENS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&golden)
        .unwrap_or_else(|e| panic!("{}: {e} (BP_UPDATE_GOLDENS=1 writes it)", golden.display()));
    let (w, h, a) = decode(actual);
    let (ew, eh, e) = decode(&expected);
    assert_eq!((w, h), (ew, eh), "{name}: page size changed");
    let differing = a
        .iter()
        .zip(&e)
        .filter(|(x, y)| x.abs_diff(**y) > 64)
        .count();
    let share = differing as f64 / a.len() as f64;
    assert!(
        share <= 0.005,
        "{name}: {:.2} % of pixels differ from the golden",
        share * 100.0
    );
}

// ---- 评议: the blank ballot and the finalised report ----

mod review_docs {
    use super::*;
    use branch_planner::api::reviews as rv;
    use branch_planner::review::{
        BallotDraft, BallotMark, ItemDraft, ItemStatus, Mark, ReviewerGroup,
    };

    const A4_PORTRAIT: (f64, f64) = (595.28, 841.89);

    fn review_change() -> Change<'static> {
        Change {
            actor: "杏花社区党委",
            at: date(2026, 10, 12).and_hms_opt(10, 0, 0).unwrap(),
        }
    }

    /// 杏花社区's 2026 Q3 review, tallied from five sheets (hand count below), with a comment
    /// and a rectification item; returns its id and the branch names in the review's order.
    ///
    /// | branch | 党员 (3 sheets) | 群众 (2) | 满意/基本/不满意/无效 | rate           | score            |
    /// |--------|-----------------|----------|------------------------|----------------|------------------|
    /// | b0     | 满 满 基        | 不 满    | 3/1/1/0                | 4÷5 = 80.0%    | 360÷5 = 72.0 (3) |
    /// | b1     | 满 不 空        | 满 满    | 3/0/1/1                | 3÷4 = 75.0% ⚑  | 300÷4 = 75.0 (2) |
    /// | b2     | 满 满 满        | 满 基    | 4/1/0/0                | 5÷5 = 100.0%   | 460÷5 = 92.0 (1) |
    /// | b3     | 基 双 不        | 不 不    | 0/1/3/1                | 1÷4 = 25.0% ⚑  | 60÷4 = 15.0 (4)  |
    pub fn tallied_review(conn: &mut Connection) -> (String, Vec<String>) {
        use Mark::*;
        use ReviewerGroup::*;
        let community = community_id(conn, COMMUNITY);
        let branches = branches_of(conn, &community);
        let ids: Vec<String> = branches.iter().map(|(id, _)| id.clone()).collect();
        let ch = review_change();
        let id = rv::open_review(conn, &community, 2026, 3, date(2026, 10, 12), &ch)
            .unwrap()
            .review
            .id;
        rv::set_reviewers(conn, &id, Member, 10, &ch).unwrap();
        rv::set_reviewers(conn, &id, Resident, 5, &ch).unwrap();
        rv::start_collecting(conn, &id, &ch).unwrap();
        let sheets = [
            (Member, [Satisfied, Satisfied, Satisfied, FairlySatisfied]),
            (Member, [Satisfied, Dissatisfied, Satisfied, TwoRatings]),
            (Member, [FairlySatisfied, NoRating, Satisfied, Dissatisfied]),
            (Resident, [Dissatisfied, Satisfied, Satisfied, Dissatisfied]),
            (
                Resident,
                [Satisfied, Satisfied, FairlySatisfied, Dissatisfied],
            ),
        ];
        for (sheet, (group, marks)) in sheets.into_iter().enumerate() {
            let draft = BallotDraft {
                group,
                marks: ids
                    .iter()
                    .zip(marks)
                    .enumerate()
                    .map(|(branch, (b, mark))| BallotMark {
                        branch_id: b.clone(),
                        mark,
                        // The fourth sheet, a resident's, says why the last branch is rated low.
                        comment: if (sheet, branch) == (3, 3) {
                            "路灯坏了两个月没人管".into()
                        } else {
                            String::new()
                        },
                    })
                    .collect(),
            };
            rv::save_ballot(conn, &id, None, draft, &ch).unwrap();
        }
        rv::tally_review(conn, &id, &ch).unwrap();
        rv::set_comment(
            conn,
            &id,
            &ids[1],
            "入户走访要再加强，群众意见要件件有回音",
            &ch,
        )
        .unwrap();
        rv::save_item(
            conn,
            &id,
            None,
            ItemDraft {
                branch_id: ids[3].clone(),
                what: "每月走访困难党员并记录".into(),
                owner: "支部书记".into(),
                due_on: date(2026, 12, 31),
                status: ItemStatus::Open,
                done_on: None,
                note: String::new(),
            },
            date(2026, 10, 12),
            &ch,
        )
        .unwrap();
        (id, branches.into_iter().map(|(_, name)| name).collect())
    }

    #[test]
    fn the_blank_ballot_lists_every_branch_on_one_portrait_page() {
        let (dir, path, conn) = demo_db();
        let community = community_id(&conn, COMMUNITY);
        let names: Vec<String> = branches_of(&conn, &community)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(names.len(), 4);
        let job = PrintJob::ReviewBallot {
            community_id: community.clone(),
            year: 2026,
            quarter: 4,
        };
        let (pdf, _) = write_pdf(&conn, &job);
        assert_size(pdfinfo(&pdf), 1, A4_PORTRAIT);
        assert_cjk_font_embedded(&pdf);
        let text = text_of(&pdf);
        assert_has(&text, "杏花社区 2026年第4季度服务型党支部评议表");
        for heading in [
            "党员",
            "群众",
            "序号",
            "支部名称",
            "满意",
            "基本满意",
            "不满意",
            "意见建议",
        ] {
            assert_has(&text, heading);
        }
        assert_has(&text, "只勾选一项");
        assert_has(&text, "勾选两项及以上的，对该支部的评议无效");
        for name in &names {
            assert_has(&text, name);
        }
        assert_eq!(
            job.file_name(&conn).unwrap(),
            "杏花社区-2026年第4季度评议表.pdf"
        );
        let bad = PrintJob::ReviewBallot {
            community_id: community.clone(),
            year: 2026,
            quarter: 5,
        };
        assert!(matches!(
            print::pdf(&conn, &bad, today()),
            Err(Error::Invalid(_))
        ));

        // The CLI prints the same sheet.
        let out = dir.path().join("ballot.pdf");
        let result = crate::planner()
            .args(["print", "ballot", "--community", &community])
            .args(["--year", "2026", "--quarter", "4", "--today", "2026-11-27"])
            .arg("--db")
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(result.status.success(), "{result:?}");
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    }

    #[test]
    fn the_review_report_is_refused_until_finalised_then_shows_the_hand_count() {
        let (_dir, path, mut conn) = demo_db();
        let (id, names) = tallied_review(&mut conn);
        let job = PrintJob::ReviewReport {
            review_id: id.clone(),
        };
        let refused = print::pdf(&conn, &job, today()).unwrap_err();
        assert!(
            matches!(refused, Error::ReviewNotFinalised { state: "tallied" }),
            "{refused:?}"
        );
        let api: ApiError = refused.into();
        assert_eq!(api.code, ErrorCode::ReviewNotFinalised);

        rv::finalise(&mut conn, &id, &review_change()).unwrap();
        let (pdf, _) = write_pdf(&conn, &job);
        let (pages, w, h) = pdfinfo(&pdf);
        assert!((1..=2).contains(&pages), "{pages} pages");
        assert!((w - A4_PORTRAIT.0).abs() < 1.0 && (h - A4_PORTRAIT.1).abs() < 1.0);
        let text = text_of(&pdf);
        assert_has(&text, "杏花社区 2026年第3季度服务型党支部评议结果");
        for heading in [
            "计票方法",
            "综合排名",
            "分组情况",
            "需要整改的支部",
            "评语与整改事项",
        ] {
            assert_has(&text, heading);
        }
        assert_has(&text, "满意率 = (满意 + 基本满意) ÷ 有效票");
        assert_has(
            &text,
            "得分 = (满意 × 100 + 基本满意 × 60 + 不满意 × 0) ÷ 有效票",
        );
        // Ranking rows: rank, name, 满意, 基本满意, 不满意, valid, invalid, rate, score.
        let rows = [
            (1, 2, "4 1 0 5 0 100.0% 92.0"),
            (2, 1, "3 0 1 4 1 75.0% 75.0"),
            (3, 0, "3 1 1 5 0 80.0% 72.0"),
            (4, 3, "0 1 3 4 1 25.0% 15.0"),
        ];
        for (rank, branch, figures) in rows {
            assert_has(&text, &format!("{rank} {} {figures}", names[branch]));
        }
        // Each group's figures: b1's members 1 满意 1 不满意 1 blank → 50.0%, residents 100.0%.
        // The members' 50% is below the 80% threshold on its own: marked ▼, and the mark is
        // explained under the table.
        assert_has(
            &text,
            &format!("{} 1 0 1 1 ▼50.0% 2 0 0 0 100.0%", names[1]),
        );
        assert_has(&text, "标 ▼ 的满意率低于 80%（该组单独计算）");
        assert_has(&text, "党员票和群众票合在一起计算，每张票同等计");
        assert_has(
            &text,
            &format!("{}（75.0%）、{}（25.0%）", names[1], names[3]),
        );
        assert_has(&text, "入户走访要再加强，群众意见要件件有回音");
        assert_has(&text, "选票上的意见");
        assert_has(&text, "第4张（群众）：路灯坏了两个月没人管");
        assert_has(
            &text,
            "每月走访困难党员并记录 支部书记 2026年12月31日 整改中",
        );
        assert_has(&text, "2026年10月12日定稿");
        for name in &names {
            assert_has(&text, name);
        }
        // The footer carries the review's end of the audit log.
        let head = rv::audit_head(&conn, &id).unwrap();
        assert_has(
            &text,
            &format!(
                "审计记录 {} 条，末条哈希 {}",
                head.entries,
                &head.hash.as_deref().unwrap()[..12]
            ),
        );

        // `planner print review` finds the review by community and quarter.
        let out = path.with_file_name("report.pdf");
        let community = community_id(&conn, COMMUNITY);
        let result = crate::planner()
            .args(["print", "review", "--community", &community])
            .args(["--year", "2026", "--quarter", "3"])
            .arg("--db")
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(result.status.success(), "{result:?}");
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    }
}

// ---- Word and Excel ----

mod office {
    use super::*;
    use branch_planner::api::print::ExcelJob;
    use calamine::{open_workbook_auto, Data, DataType, Reader};

    /// A file of a zip archive (docx, xlsx) as text, by `unzip -p`.
    fn unzip(archive: &Path, member: &str) -> String {
        let out = Command::new("unzip")
            .arg("-p")
            .arg(archive)
            .arg(member)
            .output()
            .expect("unzip is needed");
        assert!(out.status.success(), "no {member} in {}", archive.display());
        String::from_utf8(out.stdout).unwrap()
    }

    /// Converts an office file to PDF with LibreOffice and returns its text without
    /// whitespace; `None` when LibreOffice is not installed (the XML checks still run).
    fn libreoffice_text(file: &Path) -> Option<String> {
        let soffice = ["soffice", "libreoffice"].into_iter().find(|p| {
            Command::new("which")
                .arg(p)
                .output()
                .is_ok_and(|o| o.status.success())
        })?;
        let dir = file.parent().unwrap();
        // Its own profile, so tests converting at the same time do not block each other.
        let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
        let out = Command::new(soffice)
            .args(["--headless", &profile, "--convert-to", "pdf", "--outdir"])
            .arg(dir)
            .arg(file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let pdf = file.with_extension("pdf");
        assert!(pdf.exists(), "LibreOffice wrote no PDF: {out:?}");
        Some(squash(&run("pdftotext", &["-raw"], &pdf)))
    }

    #[test]
    fn the_activity_record_as_word_keeps_the_chinese_and_opens_in_libreoffice() {
        let (dir, path, mut conn) = demo_db();
        plan_2024(&mut conn);
        let branch = branch_id(&conn, BRANCH);
        let activity = march_activity(&mut conn, &branch);
        let job = PrintJob::ActivityRecord {
            activity_id: activity.clone(),
        };
        let file = dir.path().join("record.docx");
        let saved = print::save_docx(&conn, &job, &file, today()).unwrap();
        assert!(saved.size_bytes > 2000);
        let xml = unzip(&file, "word/document.xml");
        for text in [
            "党员活动日活动记录",
            BRANCH,
            "春季育苗技术培训",
            "三步走",
            "集中学习政策原文",
            "在示范大棚分组实操",
            "希望统一采购优质种苗",
            "大棚薄膜破损",
            "联系农资站",
            "外出务工",
        ] {
            assert!(xml.contains(text), "no {text} in document.xml");
        }
        assert!(xml.contains("<w:tblBorders>"), "tables have borders");
        let styles = unzip(&file, "word/styles.xml");
        assert!(styles.contains("w:eastAsia=\"宋体\""), "{styles}");
        if let Some(text) = libreoffice_text(&file) {
            for wanted in [
                "党员活动日活动记录",
                "春季育苗技术培训",
                "希望统一采购优质种苗",
            ] {
                assert_has(&text, wanted);
            }
        }
        // Other documents have no Word version.
        let calendar = PrintJob::YearCalendar {
            branch_id: branch.clone(),
            year: YEAR,
            paper: Paper::A4,
        };
        assert!(matches!(
            print::docx(&conn, &calendar, today()),
            Err(Error::Invalid(_))
        ));

        // planner print record --docx
        let out = dir.path().join("cli.docx");
        let result = crate::planner()
            .args(["print", "record", "--docx", "--activity", &activity])
            .arg("--db")
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(result.status.success(), "{result:?}");
        assert!(unzip(&out, "word/document.xml").contains("春季育苗技术培训"));
    }

    #[test]
    fn the_review_report_as_word_has_the_rates_and_is_refused_before_finalising() {
        let (dir, _path, mut conn) = demo_db();
        let (id, names) = super::review_docs::tallied_review(&mut conn);
        let job = PrintJob::ReviewReport {
            review_id: id.clone(),
        };
        assert!(matches!(
            print::docx(&conn, &job, today()),
            Err(Error::ReviewNotFinalised { .. })
        ));
        branch_planner::api::reviews::finalise(
            &mut conn,
            &id,
            &Change {
                actor: "杏花社区党委",
                at: date(2026, 10, 12).and_hms_opt(10, 0, 0).unwrap(),
            },
        )
        .unwrap();
        let file = dir.path().join("report.docx");
        print::save_docx(&conn, &job, &file, today()).unwrap();
        let xml = unzip(&file, "word/document.xml");
        for text in [
            "杏花社区 2026年第3季度服务型党支部评议结果",
            "综合排名",
            "分组情况",
            "100.0%",
            "75.0%",
            "25.0%",
            "92.0",
            "入户走访要再加强，群众意见要件件有回音",
            "选票上的意见：",
            "第4张（群众）：路灯坏了两个月没人管",
            "每月走访困难党员并记录",
        ] {
            assert!(xml.contains(text), "no {text} in document.xml");
        }
        for name in &names {
            assert!(xml.contains(name.as_str()), "{name}");
        }
        if let Some(text) = libreoffice_text(&file) {
            assert_has(&text, "评议结果");
            assert_has(&text, &format!("1 {} 4 1 0 5 0 100.0% 92.0", names[2]));
        }
        let head = branch_planner::api::reviews::audit_head(&conn, &id).unwrap();
        assert!(xml.contains(&format!(
            "审计记录 {} 条，末条哈希 {}",
            head.entries,
            head.short_hash()
        )));

        // Figures changed behind the app's back (past the triggers) are not printed as final.
        conn.execute_batch(
            "DROP TRIGGER review_ballot_mark_locked_update;
             UPDATE review_ballot_mark SET mark = 'dissatisfied' WHERE mark = 'satisfied';",
        )
        .unwrap();
        let altered = print::docx(&conn, &job, today()).err().map(|e| e.code());
        assert_eq!(altered, Some(ErrorCode::ReviewAltered));
    }

    fn read_sheet(file: &Path, sheet: &str) -> Vec<Vec<Data>> {
        let mut book = open_workbook_auto(file).unwrap();
        let range = book.worksheet_range(sheet).unwrap();
        range.rows().map(<[Data]>::to_vec).collect()
    }

    fn text(cell: &Data) -> String {
        cell.to_string()
    }

    fn write_xlsx(conn: &Connection, job: &ExcelJob) -> (TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(job.file_name(conn).unwrap());
        print::save_xlsx(conn, job, &file, today()).unwrap();
        (dir, file)
    }

    /// Landscape, fit to one page wide, the header row (3) repeated.
    fn assert_print_setup(file: &Path, sheet_no: u32) {
        let sheet = unzip(file, &format!("xl/worksheets/sheet{sheet_no}.xml"));
        assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
        assert!(sheet.contains("paperSize=\"9\""), "A4");
        assert!(sheet.contains("fitToHeight=\"0\""), "fit to width");
        assert!(sheet.contains("<col "), "column widths");
        let book = unzip(file, "xl/workbook.xml");
        assert!(book.contains("_xlnm.Print_Titles"), "{book}");
        assert!(book.contains("$3:$3"), "{book}");
    }

    #[test]
    fn schedules_activities_and_ledgers_as_excel() {
        let (_dir, _path, mut conn) = demo_db();
        plan_2024(&mut conn);
        let branch = branch_id(&conn, BRANCH);
        let activity = march_activity(&mut conn, &branch);
        let community = community_id(&conn, COMMUNITY);

        // A community's schedule: every branch's twelve days, real dates.
        let job = ExcelJob::Schedule {
            branch_id: None,
            community_id: Some(community.clone()),
            year: YEAR,
        };
        let (_d1, file) = write_xlsx(&conn, &job);
        assert!(
            file.ends_with("杏花社区-2024年活动日.xlsx"),
            "{}",
            file.display()
        );
        assert_print_setup(&file, 1);
        let rows = read_sheet(&file, "活动日");
        assert_eq!(text(&rows[0][0]), "杏花社区 2024年党员活动日安排");
        let header: Vec<String> = rows[2].iter().map(text).collect();
        assert_eq!(
            header,
            [
                "社区",
                "支部",
                "月份",
                "活动日",
                "星期",
                "开始时间",
                "地点",
                "原定日期",
                "调整说明"
            ]
        );
        let body = &rows[3..];
        let branches = branches_of(&conn, &community);
        assert_eq!(body.len(), branches.len() * 12);
        for (_, name) in &branches {
            assert!(body.iter().any(|r| text(&r[1]) == *name), "{name}");
        }
        let year = schedule::branch_year(&conn, &branch, YEAR).unwrap();
        let feb = year.days.iter().find(|d| d.month == 2).unwrap();
        let row = body
            .iter()
            .find(|r| text(&r[1]) == BRANCH && r[2] == Data::Float(2.0))
            .unwrap();
        assert_eq!(row[3].as_date(), Some(feb.date), "a date cell");
        assert_eq!(row[7].as_date(), Some(feb.fixed_date), "moved out of 春节");
        assert!(text(&row[8]).contains("春节"), "{}", text(&row[8]));

        // The branch's activities and ledgers.
        let (_d2, file) = write_xlsx(
            &conn,
            &ExcelJob::Activities {
                branch_id: branch.clone(),
                year: YEAR,
            },
        );
        assert_print_setup(&file, 1);
        let rows = read_sheet(&file, "活动");
        let march = rows
            .iter()
            .find(|r| text(&r[3]) == "春季育苗技术培训")
            .unwrap();
        assert_eq!(
            march[0]
                .as_date()
                .map(|d| d.format("%m").to_string())
                .as_deref(),
            Some("03")
        );
        let rate = acts::activity_detail(&conn, &activity)
            .unwrap()
            .attendance_rate
            .unwrap();
        assert_eq!(march[7], Data::Float(rate), "the rate as a number");

        let (_d3, file) = write_xlsx(
            &conn,
            &ExcelJob::Ledgers {
                branch_id: branch.clone(),
                year: YEAR,
            },
        );
        assert_print_setup(&file, 2);
        let s = read_sheet(&file, "意见建议");
        assert!(s
            .iter()
            .any(|r| text(&r[4]) == "希望统一采购优质种苗" && text(&r[2]) == "赵大娘"));
        let p = read_sheet(&file, "问题困难");
        assert!(p
            .iter()
            .any(|r| text(&r[2]) == "大棚薄膜破损" && text(&r[3]) == "待解决"));
    }

    #[test]
    fn points_and_a_review_tally_as_excel() {
        let (_dir, _path, mut conn) = demo_db();
        let community = community_id(&conn, COMMUNITY);
        let (_d1, file) = write_xlsx(
            &conn,
            &ExcelJob::Points {
                branch_id: None,
                community_id: Some(community.clone()),
                year: 2026,
            },
        );
        assert_print_setup(&file, 1);
        let rows = read_sheet(&file, "示范点");
        let scope = branch_planner::api::points::PointScope {
            branch_id: None,
            community_id: Some(community.clone()),
            town_id: None,
        };
        let points = branch_planner::api::points::list_points(&conn, &scope, Some(2026)).unwrap();
        assert!(!points.is_empty());
        assert_eq!(rows.len(), 3 + points.len());
        for p in &points {
            // Names repeat across branches: the branch, name and date together are one row.
            assert!(
                rows.iter().any(|r| text(&r[1]) == p.branch_name
                    && text(&r[2]) == p.point.name
                    && r[5].as_date() == Some(p.point.created_on)),
                "{} {}",
                p.branch_name,
                p.point.name
            );
        }

        let (id, names) = super::review_docs::tallied_review(&mut conn);
        let (_d2, file) = write_xlsx(&conn, &ExcelJob::Tally { review_id: id });
        assert!(file.ends_with("杏花社区-2026年第3季度评议统计.xlsx"));
        assert_print_setup(&file, 1);
        let rows = read_sheet(&file, "评议统计");
        assert!(
            text(&rows[1][0]).contains("状态：已统计"),
            "{}",
            text(&rows[1][0])
        );
        assert_eq!(text(&rows[2][17]), "满意率");
        // Rank, name, … combined rate (col 17) and score (col 18), flagged (col 19).
        let line = |rank: f64| rows.iter().find(|r| r[0] == Data::Float(rank)).unwrap();
        assert_eq!(text(&line(1.0)[1]), names[2]);
        assert_eq!(line(1.0)[17], Data::Float(1.0));
        assert_eq!(line(1.0)[18], Data::Float(92.0));
        assert_eq!(text(&line(2.0)[1]), names[1]);
        assert_eq!(line(2.0)[17], Data::Float(0.75));
        assert_eq!(text(&line(2.0)[19]), "是");
        assert_eq!(line(2.0)[6], Data::Float(0.5), "b1's members: 1 of 2 valid");
        assert_eq!(line(3.0)[17], Data::Float(0.8));
        assert_eq!(line(4.0)[17], Data::Float(0.25));
        if let Some(pdf_text) = libreoffice_text(&file) {
            assert_has(&pdf_text, "评议统计");
            assert_has(&pdf_text, &names[2]);
        }
    }
}
