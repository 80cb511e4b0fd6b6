//! Excel (.xlsx) exports: a branch's or community's activity days, a branch's activities and
//! ledgers of a year, demonstration points, and a review's tally. Every sheet has a title
//! row, a line saying what and when, one bold header row, Chinese headers, real dates and
//! numbers (so an office can sort and sum), widths that fit the text, and a print setup:
//! A4 landscape, fit to the page width, the header row repeated on every page.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::docs::{
    move_note, problem_status_zh, source_zh, status_zh, suggestion_status_zh, weekday_zh, zh_date,
};
use crate::api::points::{self, PointScope};
use crate::api::{activities as activities_api, reviews, schedule};
use crate::db::{branches, communities};
use crate::demo_point::{PointLeader, PointStatus};
use crate::error::{Error, FieldRule, Result};

/// A cell value.
enum Cell {
    Text(String),
    Date(NaiveDate),
    Int(i64),
    /// 0–1, shown as a percentage.
    Percent(f64),
    /// One decimal.
    Score(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Int(i64::from(n))
    }
}

fn opt<T>(value: Option<T>, cell: impl FnOnce(T) -> Cell) -> Cell {
    value.map_or(Cell::Empty, cell)
}

/// A column: its header and width in characters (a Chinese character counts two).
struct Column(&'static str, f64);

/// One worksheet's content.
struct Sheet {
    name: &'static str,
    title: String,
    note: String,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
}

const TITLE_ROW: u32 = 0;
const NOTE_ROW: u32 = 1;
const HEADER_ROW: u32 = 2;

fn write_sheet(sheet: &mut Worksheet, s: &Sheet) -> Result<()> {
    let last_col = s.columns.len().saturating_sub(1) as u16;
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap();
    let title = Format::new().set_bold().set_font_size(14);
    let header = border(
        Format::new()
            .set_bold()
            .set_background_color("EDEDED")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
    );
    let text = border(Format::new().set_align(FormatAlign::Top));
    let date = border(
        Format::new()
            .set_num_format("yyyy-mm-dd")
            .set_align(FormatAlign::Top),
    );
    let int = border(Format::new().set_align(FormatAlign::Top));
    let percent = border(
        Format::new()
            .set_num_format("0.0%")
            .set_align(FormatAlign::Top),
    );
    let score = border(
        Format::new()
            .set_num_format("0.0")
            .set_align(FormatAlign::Top),
    );

    sheet.set_name(s.name)?;
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, last_col.max(1), &s.title, &title)?;
    sheet.set_row_height(TITLE_ROW, 24)?;
    sheet.write_string(NOTE_ROW, 0, &s.note)?;
    for (col, Column(name, width)) in s.columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(HEADER_ROW, col, *name, &header)?;
        sheet.set_column_width(col, *width)?;
    }
    for (i, row) in s.rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        for (col, value) in row.iter().enumerate() {
            let col = col as u16;
            match value {
                Cell::Text(t) => sheet.write_string_with_format(r, col, t, &text)?,
                Cell::Date(d) => {
                    let day =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(r, col, &day, &date)?
                }
                Cell::Int(n) => sheet.write_number_with_format(r, col, *n as f64, &int)?,
                Cell::Percent(p) => sheet.write_number_with_format(r, col, *p, &percent)?,
                Cell::Score(x) => sheet.write_number_with_format(r, col, *x, &score)?,
                Cell::Empty => sheet.write_blank(r, col, &text)?,
            };
        }
    }
    if s.rows.is_empty() {
        sheet.write_string(HEADER_ROW + 1, 0, "（无）")?;
    } else {
        let last_row = HEADER_ROW + s.rows.len() as u32;
        sheet.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    // Print: A4 landscape, as wide as the page, header row on every page.
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_print_center_horizontally(true);
    sheet.set_footer("&C第 &P 页 / 共 &N 页");
    Ok(())
}

fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    for s in sheets {
        write_sheet(wb.add_worksheet(), s)?;
    }
    Ok(wb.save_to_buffer()?)
}

fn note(what: &str, today: NaiveDate) -> String {
    format!("{what}　制表日期：{}", zh_date(today))
}

fn not_found(what: &'static str, id: &str) -> Error {
    Error::NotFound {
        what,
        id: id.to_owned(),
    }
}

fn scope_name(conn: &Connection, branch: Option<&str>, community: Option<&str>) -> Result<String> {
    match (branch, community) {
        (Some(id), _) => Ok(branches::get(conn, id)?
            .ok_or_else(|| not_found("branch", id))?
            .name),
        (None, Some(id)) => Ok(communities::get(conn, id)?
            .ok_or_else(|| not_found("community", id))?
            .name),
        (None, None) => Err(Error::invalid("scope", FieldRule::Required)),
    }
}

/// The activity days of a year: one branch's, or every branch's of a community.
pub fn schedule(
    conn: &Connection,
    branch_id: Option<&str>,
    community_id: Option<&str>,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let place = scope_name(conn, branch_id, community_id)?;
    let (community_name, years) = match (branch_id, community_id) {
        (Some(id), _) => {
            let by = schedule::branch_year(conn, id, year)?;
            let community = communities::get(conn, &by.community_id)?
                .map(|c| c.name)
                .unwrap_or_default();
            (community, vec![by])
        }
        (None, Some(id)) => {
            let cy = schedule::community_year(conn, id, year, today)?;
            (cy.community_name, cy.branches)
        }
        (None, None) => return Err(Error::invalid("scope", FieldRule::Required)),
    };
    let mut rows = Vec::new();
    for by in &years {
        for day in &by.days {
            let shifted = day.date != day.fixed_date;
            rows.push(vec![
                community_name.as_str().into(),
                by.branch_name.as_str().into(),
                Cell::Int(i64::from(day.month)),
                Cell::Date(day.date),
                weekday_zh(day.date).into(),
                day.start_time.as_str().into(),
                day.venue.as_str().into(),
                if shifted {
                    Cell::Date(day.fixed_date)
                } else {
                    Cell::Empty
                },
                move_note(day).unwrap_or_default().into(),
            ]);
        }
    }
    workbook(&[Sheet {
        name: "活动日",
        title: format!("{place} {year}年党员活动日安排"),
        note: note(
            &format!("共{}个支部，{}个活动日", years.len(), rows.len()),
            today,
        ),
        columns: vec![
            Column("社区", 12.0),
            Column("支部", 26.0),
            Column("月份", 6.0),
            Column("活动日", 12.0),
            Column("星期", 6.0),
            Column("开始时间", 9.0),
            Column("地点", 18.0),
            Column("原定日期", 12.0),
            Column("调整说明", 34.0),
        ],
        rows,
    }])
}

/// A branch's activities of a year with their attendance and ledger counts.
pub fn activities(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let name = scope_name(conn, Some(branch_id), None)?;
    let rows: Vec<Vec<Cell>> = activities_api::activities_of_year(conn, branch_id, year)?
        .into_iter()
        .map(|a| {
            let kinds: Vec<&str> = a.kinds.iter().map(|k| k.label_zh()).collect();
            vec![
                Cell::Date(a.date),
                a.start_time.into(),
                opt(a.month, |m| Cell::Int(i64::from(m))),
                a.topic.into(),
                kinds.join("、").into(),
                match a.planned_date {
                    Some(planned) => {
                        format!("{}（原定{}）", status_zh(&a.status), zh_date(planned))
                    }
                    None => status_zh(&a.status),
                }
                .into(),
                a.steps_recorded.into(),
                opt(a.attendance_rate, Cell::Percent),
                a.suggestions.into(),
                a.problems.into(),
            ]
        })
        .collect();
    workbook(&[Sheet {
        name: "活动",
        title: format!("{name} {year}年党员活动"),
        note: note(&format!("共{}次活动", rows.len()), today),
        columns: vec![
            Column("日期", 12.0),
            Column("时间", 8.0),
            Column("所属月份", 9.0),
            Column("主题", 30.0),
            Column("形式", 20.0),
            Column("状态", 16.0),
            Column("三步已记录", 11.0),
            Column("出席率", 9.0),
            Column("意见建议", 9.0),
            Column("问题困难", 9.0),
        ],
        rows,
    }])
}

/// A branch's ledgers of a year: suggestions and problems, one sheet each.
pub fn ledgers(conn: &Connection, branch_id: &str, year: i32, today: NaiveDate) -> Result<Vec<u8>> {
    let name = scope_name(conn, Some(branch_id), None)?;
    let suggestions: Vec<Vec<Cell>> = activities_api::suggestions_of(conn, branch_id)?
        .into_iter()
        .filter(|s| s.received_on.year() == year)
        .map(|s| {
            vec![
                Cell::Date(s.received_on),
                source_zh(s.source).into(),
                s.source_name.into(),
                s.category.into(),
                s.text.into(),
                suggestion_status_zh(s.status).into(),
                s.response.into(),
            ]
        })
        .collect();
    let problems: Vec<Vec<Cell>> = activities_api::problems_of(conn, branch_id)?
        .into_iter()
        .filter(|p| p.raised_on.year() == year)
        .map(|p| {
            vec![
                Cell::Date(p.raised_on),
                p.person.into(),
                p.description.into(),
                problem_status_zh(p.status).into(),
                p.help.into(),
                opt(p.solved_on, Cell::Date),
            ]
        })
        .collect();
    workbook(&[
        Sheet {
            name: "意见建议",
            title: format!("{name} {year}年意见建议台账"),
            note: note(&format!("共{}条", suggestions.len()), today),
            columns: vec![
                Column("收到日期", 12.0),
                Column("提出人类别", 10.0),
                Column("提出人", 12.0),
                Column("类别", 10.0),
                Column("内容", 40.0),
                Column("状态", 9.0),
                Column("答复", 36.0),
            ],
            rows: suggestions,
        },
        Sheet {
            name: "问题困难",
            title: format!("{name} {year}年问题困难台账"),
            note: note(&format!("共{}条", problems.len()), today),
            columns: vec![
                Column("反映日期", 12.0),
                Column("反映人", 12.0),
                Column("问题", 40.0),
                Column("状态", 9.0),
                Column("帮扶措施", 36.0),
                Column("解决日期", 12.0),
            ],
            rows: problems,
        },
    ])
}

/// The demonstration points created in a year, of a branch or a community.
pub fn points(
    conn: &Connection,
    branch_id: Option<&str>,
    community_id: Option<&str>,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let place = scope_name(conn, branch_id, community_id)?;
    let scope = PointScope {
        branch_id: branch_id.map(str::to_owned),
        community_id: if branch_id.is_some() {
            None
        } else {
            community_id.map(str::to_owned)
        },
        town_id: None,
    };
    let rows: Vec<Vec<Cell>> = points::list_points(conn, &scope, Some(year))?
        .into_iter()
        .map(|p| {
            let leader_kind = match p.point.leader {
                PointLeader::Committee { .. } => "委员",
                PointLeader::Team { .. } => "团队",
            };
            let (status, closed_on, reason) = match &p.point.status {
                PointStatus::Active => ("运行中", Cell::Empty, Cell::Empty),
                PointStatus::Closed { closed_on, reason } => {
                    ("已关闭", Cell::Date(*closed_on), reason.as_str().into())
                }
            };
            vec![
                p.community_name.into(),
                p.branch_name.into(),
                p.point.name.into(),
                p.point.category.label_zh().into(),
                p.point.location.into(),
                Cell::Date(p.point.created_on),
                Cell::Int(i64::from(p.point.created_on.month0() / 3 + 1)),
                leader_kind.into(),
                p.leader_name.into(),
                status.into(),
                closed_on,
                reason,
            ]
        })
        .collect();
    workbook(&[Sheet {
        name: "示范点",
        title: format!("{place} {year}年示范点"),
        note: note(&format!("共{}个示范点", rows.len()), today),
        columns: vec![
            Column("社区", 12.0),
            Column("支部", 26.0),
            Column("示范点", 24.0),
            Column("类别", 12.0),
            Column("地点", 16.0),
            Column("创建日期", 12.0),
            Column("季度", 6.0),
            Column("领办", 6.0),
            Column("领办人/团队", 14.0),
            Column("状态", 8.0),
            Column("关闭日期", 12.0),
            Column("关闭原因", 20.0),
        ],
        rows,
    }])
}

/// A review's tally by rank: each group's counts and rate, the combined figures. Any state
/// may be exported (the note says which), so a committee can check the count before
/// finalising.
pub fn tally(conn: &Connection, review_id: &str, today: NaiveDate) -> Result<Vec<u8>> {
    let detail = reviews::get_review(conn, review_id)?;
    let r = &detail.review;
    let name_of = |id: &str| {
        detail
            .branches
            .iter()
            .find(|b| b.branch_id == id)
            .map_or_else(|| id.to_owned(), |b| b.branch_name.clone())
    };
    let rows: Vec<Vec<Cell>> = detail
        .tally
        .branches
        .iter()
        .map(|line| {
            let mut row = vec![
                opt(line.rank, |n| Cell::Int(i64::from(n))),
                name_of(&line.branch_id).into(),
            ];
            for f in [&line.member, &line.resident] {
                row.extend([
                    f.counts.satisfied.into(),
                    f.counts.fairly_satisfied.into(),
                    f.counts.dissatisfied.into(),
                    f.invalid.into(),
                    opt(f.rate, Cell::Percent),
                ]);
            }
            let c = &line.combined;
            row.extend([
                c.counts.satisfied.into(),
                c.counts.fairly_satisfied.into(),
                c.counts.dissatisfied.into(),
                c.valid.into(),
                c.invalid.into(),
                opt(c.rate, Cell::Percent),
                opt(c.score, Cell::Score),
                if line.flagged { "是" } else { "" }.into(),
            ]);
            row
        })
        .collect();
    let settings = &detail.settings;
    let state = r.state.label_zh();
    let mut columns = vec![Column("名次", 6.0), Column("支部", 26.0)];
    for names in [
        [
            "党员满意",
            "党员基本满意",
            "党员不满意",
            "党员无效",
            "党员满意率",
        ],
        [
            "群众满意",
            "群众基本满意",
            "群众不满意",
            "群众无效",
            "群众满意率",
        ],
    ] {
        columns.extend(names.map(|n| Column(n, 8.0)));
    }
    columns.extend([
        Column("满意", 7.0),
        Column("基本满意", 7.0),
        Column("不满意", 7.0),
        Column("有效票", 7.0),
        Column("无效票", 7.0),
        Column("满意率", 8.0),
        Column("得分", 7.0),
        Column("需整改", 7.0),
    ]);
    workbook(&[Sheet {
        name: "评议统计",
        title: format!(
            "{} {}年第{}季度服务型党支部评议统计",
            r.community_name, r.year, r.quarter
        ),
        note: note(
            &format!(
                "状态：{state}；{}；{}；{}；综合满意率低于{}%需整改",
                settings.rate_formula_zh(),
                settings.score_formula_zh(),
                settings.combination_formula_zh(),
                settings.threshold_percent
            ),
            today,
        ),
        columns,
        rows,
    }])
}
