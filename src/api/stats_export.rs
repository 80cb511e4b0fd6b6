//! The statistics as a workbook: the headline figures with last year's, the breakdown one level
//! down and the trend by month, one sheet each, with Chinese headers and A4 landscape print setup.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

use crate::activity::ActivityKind;
use crate::api::import::ExportOutcome;
use crate::api::points::PointScope;
use crate::api::stats::{stats, StatsLevel, StatsPeriod, StatsReport};
use crate::error::Result;
use crate::stats::Figures;

/// A cell of a figure: a count, or a rate written as a percent ("—" without a base).
enum Value {
    Count(u32),
    Rate(Option<f64>),
}

fn kind_count(f: &Figures, kind: ActivityKind) -> u32 {
    f.by_kind
        .iter()
        .find(|k| k.kind == kind)
        .map_or(0, |k| k.count)
}

type Column = (&'static str, fn(&Figures) -> Value);

/// The figure columns shared by the breakdown and the trend (the trend has no active points).
fn columns(with_active: bool) -> Vec<Column> {
    let mut cols: Vec<Column> = vec![
        ("开展活动（次）", |f| Value::Count(f.activities_held)),
        ("学习培训", |f| {
            Value::Count(kind_count(f, ActivityKind::StudyTraining))
        }),
        ("技术讲座", |f| {
            Value::Count(kind_count(f, ActivityKind::TechnicalLecture))
        }),
        ("经验交流", |f| {
            Value::Count(kind_count(f, ActivityKind::ExperienceExchange))
        }),
        ("现场观摩", |f| {
            Value::Count(kind_count(f, ActivityKind::OnSiteObservation))
        }),
        ("活动日已开展", |f| Value::Count(f.days_held)),
        ("活动日应开展", |f| Value::Count(f.days_scheduled)),
        ("出勤率", |f| Value::Rate(f.attendance_rate)),
        ("三步完整率", |f| Value::Rate(f.three_steps_rate)),
        ("创建示范点（个）", |f| {
            Value::Count(f.points_created)
        }),
    ];
    if with_active {
        cols.push(("期末在建示范点", |f| Value::Count(f.points_active)));
    }
    cols.push(("收集意见建议（条）", |f| {
        Value::Count(f.suggestions_collected)
    }));
    cols.push(("意见建议已答复", |f| {
        Value::Count(f.suggestions_answered)
    }));
    cols.push(("解决群众难题（件）", |f| {
        Value::Count(f.problems_solved)
    }));
    cols
}

struct Formats {
    title: Format,
    header: Format,
    percent: Format,
    bold: Format,
}

fn formats() -> Formats {
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_background_color("#F2F2F2")
            .set_border(rust_xlsxwriter::FormatBorder::Thin),
        percent: Format::new().set_num_format("0.0%"),
        bold: Format::new().set_bold(),
    }
}

/// A4 landscape, one page wide, the header rows repeated on every page.
fn print_setup(sheet: &mut Worksheet, header_row: u32, title: &str) -> Result<()> {
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_header(format!("&C{}", title.replace('&', "&&")))
        .set_footer("&C第 &P 页，共 &N 页");
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_freeze_panes(header_row + 1, 1)?;
    Ok(())
}

fn write_value(sheet: &mut Worksheet, row: u32, col: u16, v: Value, fm: &Formats) -> Result<()> {
    match v {
        Value::Count(n) => {
            sheet.write_number(row, col, f64::from(n))?;
        }
        Value::Rate(Some(r)) => {
            sheet.write_number_with_format(row, col, r, &fm.percent)?;
        }
        Value::Rate(None) => {
            sheet.write_string(row, col, "—")?;
        }
    }
    Ok(())
}

/// A sheet of rows (a name and its figures) under the shared figure columns.
fn table_sheet(
    sheet: &mut Worksheet,
    title: &str,
    first: &str,
    rows: &[(String, &Figures)],
    with_active: bool,
    fm: &Formats,
) -> Result<()> {
    sheet.write_string_with_format(0, 0, title, &fm.title)?;
    let cols = columns(with_active);
    sheet.write_string_with_format(2, 0, first, &fm.header)?;
    for (i, (header, _)) in cols.iter().enumerate() {
        sheet.write_string_with_format(2, i as u16 + 1, *header, &fm.header)?;
    }
    for (r, (name, figures)) in rows.iter().enumerate() {
        let row = r as u32 + 3;
        sheet.write_string(row, 0, name.as_str())?;
        for (i, (_, read)) in cols.iter().enumerate() {
            write_value(sheet, row, i as u16 + 1, read(figures), fm)?;
        }
    }
    sheet.set_column_width(0, 26)?;
    sheet.set_column_range_width(1, cols.len() as u16, 11)?;
    sheet.set_row_height(2, 32)?;
    print_setup(sheet, 2, title)
}

fn headline_sheet(sheet: &mut Worksheet, report: &StatsReport, fm: &Formats) -> Result<()> {
    let title = report_title(report);
    sheet.write_string_with_format(0, 0, &title, &fm.title)?;
    sheet.write_string(1, 0, format!("支部 {} 个", report.branches))?;
    for (i, h) in ["指标", "本期", "去年同期", "同比"].iter().enumerate() {
        sheet.write_string_with_format(2, i as u16, *h, &fm.header)?;
    }
    let (now, before) = (&report.figures, &report.last_year);
    let c = &report.compliance;
    let kind = |f: &Figures, i: usize| kind_count(f, ActivityKind::ALL[i]);
    let mut counts: Vec<(&str, u32, Option<u32>)> = vec![(
        "开展学习培训、技术讲座、经验交流、现场观摩（次）",
        now.activities_held,
        Some(before.activities_held),
    )];
    for (i, label) in [
        "　其中：学习培训",
        "　　　　技术讲座",
        "　　　　经验交流",
        "　　　　现场观摩",
    ]
    .into_iter()
    .enumerate()
    {
        counts.push((label, kind(now, i), Some(kind(before, i))));
    }
    let pairs = [
        (
            "创建示范点（个）",
            now.points_created,
            before.points_created,
        ),
        (
            "收集意见建议（条）",
            now.suggestions_collected,
            before.suggestions_collected,
        ),
        (
            "解决群众难题（件）",
            now.problems_solved,
            before.problems_solved,
        ),
        ("党员活动日已开展（次）", now.days_held, before.days_held),
        (
            "党员活动日应开展（次）",
            now.days_scheduled,
            before.days_scheduled,
        ),
        (
            "期末在建示范点（个）",
            now.points_active,
            before.points_active,
        ),
        (
            "意见建议已答复（条）",
            now.suggestions_answered,
            before.suggestions_answered,
        ),
    ];
    counts.extend(pairs.map(|(label, n, b)| (label, n, Some(b))));
    // The roll-up is judged once, for the year the period ends in: no last year's figure.
    counts.push(("“3+X”全部达标支部（个）", c.fully_compliant, None));
    counts.push(("“3+X”参与评定支部（个）", c.branches, None));
    let mut row = 3;
    for (label, value, last) in counts {
        let format = if row == 3 { &fm.bold } else { &Format::new() };
        sheet.write_string_with_format(row, 0, label, format)?;
        sheet.write_number(row, 1, f64::from(value))?;
        match last {
            Some(last) => {
                sheet.write_number(row, 2, f64::from(last))?;
                match change(value, last) {
                    Some(ch) => sheet.write_number_with_format(row, 3, ch, &fm.percent)?,
                    None => sheet.write_string(row, 3, "—")?,
                };
            }
            None => {
                sheet.write_string(row, 2, "—")?;
                sheet.write_string(row, 3, "—")?;
            }
        }
        row += 1;
    }
    for (label, value, last) in [
        ("出勤率", now.attendance_rate, before.attendance_rate),
        ("三步完整率", now.three_steps_rate, before.three_steps_rate),
    ] {
        sheet.write_string(row, 0, label)?;
        write_value(sheet, row, 1, Value::Rate(value), fm)?;
        write_value(sheet, row, 2, Value::Rate(last), fm)?;
        sheet.write_string(row, 3, "—")?;
        row += 1;
    }
    sheet.set_column_width(0, 48)?;
    sheet.set_column_range_width(1, 3, 14)?;
    print_setup(sheet, 2, &title)
}

/// `(now - last) / last`, none when last year had nothing.
pub fn change(now: u32, last: u32) -> Option<f64> {
    (last > 0).then(|| (f64::from(now) - f64::from(last)) / f64::from(last))
}

fn report_title(report: &StatsReport) -> String {
    format!(
        "{} {} 至 {} 统计",
        report.scope_name,
        fmt_date(report.period.from),
        fmt_date(report.period.to)
    )
}

fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn level_label(level: StatsLevel) -> &'static str {
    match level {
        StatsLevel::Town => "镇（街道）",
        StatsLevel::Community => "社区",
        StatsLevel::Branch => "支部",
    }
}

/// Writes the report as a workbook: 总体, 分项 (when there is a level below) and 月度趋势.
pub fn write_report(report: &StatsReport, path: &Path) -> Result<ExportOutcome> {
    let fm = formats();
    let mut book = Workbook::new();
    headline_sheet(book.add_worksheet().set_name("总体")?, report, &fm)?;
    let mut rows = 0;
    if let Some(level) = report.breakdown_level {
        let named: Vec<_> = report
            .breakdown
            .iter()
            .map(|r| (r.name.clone(), &r.figures))
            .collect();
        rows += named.len() as u32;
        let title = format!("{}（按{}）", report_title(report), level_label(level));
        let sheet = book.add_worksheet().set_name("分项")?;
        table_sheet(sheet, &title, level_label(level), &named, true, &fm)?;
    }
    let months: Vec<_> = report
        .trend
        .iter()
        .map(|m| (m.month.clone(), &m.figures))
        .collect();
    rows += months.len() as u32;
    let title = format!("{}（按月）", report_title(report));
    let sheet = book.add_worksheet().set_name("月度趋势")?;
    table_sheet(sheet, &title, "月份", &months, false, &fm)?;
    crate::files::write_atomically(path, &book.save_to_buffer()?)?;
    Ok(ExportOutcome {
        rows,
        path: path.display().to_string(),
    })
}

/// The statistics of a scope and period, written to `path` (see `write_report`).
pub fn export_stats(
    conn: &Connection,
    scope: &PointScope,
    period: StatsPeriod,
    today: NaiveDate,
    path: &Path,
) -> Result<ExportOutcome> {
    let report = stats(conn, scope, period, today)?;
    write_report(&report, path)
}
