//! The statistics workbook, read back with calamine: sheet names, Chinese headers, the
//! headline figure and a percent cell match the report the dashboard shows.

use branch_planner::api::demo::{load_demo_with_history, DEMO_SEED};
use branch_planner::api::points::PointScope;
use branch_planner::api::stats::{stats, StatsPeriod};
use branch_planner::api::stats_export::{change, export_stats};
use calamine::{open_workbook_auto, Data, Reader};

use crate::{temp_db, today};

fn text(cell: Option<&Data>) -> String {
    cell.map(|c| c.to_string()).unwrap_or_default()
}

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_year_of_the_whole_town_is_written_and_reads_back() {
    let (dir, _path, mut conn) = temp_db();
    load_demo_with_history(&mut conn, DEMO_SEED, today()).unwrap();
    let all = PointScope {
        town_id: None,
        community_id: None,
        branch_id: None,
    };
    let period = StatsPeriod::Year { year: 2026 };
    let report = stats(&conn, &all, period, today()).unwrap();
    assert!(
        report.figures.activities_held > 0,
        "the demo has a recorded past"
    );
    let out = dir.path().join("统计.xlsx");
    let outcome = export_stats(&conn, &all, period, today(), &out).unwrap();
    assert_eq!(outcome.rows as usize, report.breakdown.len() + 12);

    let mut book = open_workbook_auto(&out).unwrap();
    assert_eq!(book.sheet_names(), ["总体", "分项", "月度趋势"]);

    let head = book.worksheet_range("总体").unwrap();
    assert!(text(head.get((0, 0))).contains("2026-01-01 至 2026-12-31"));
    let header: Vec<String> = (0..4).map(|c| text(head.get((2, c)))).collect();
    assert_eq!(header, ["指标", "本期", "去年同期", "同比"]);
    assert_eq!(
        text(head.get((3, 0))),
        "开展学习培训、技术讲座、经验交流、现场观摩（次）"
    );
    assert_eq!(
        number(head.get((3, 1))),
        f64::from(report.figures.activities_held)
    );
    assert_eq!(
        number(head.get((3, 2))),
        f64::from(report.last_year.activities_held)
    );
    let expected = change(
        report.figures.activities_held,
        report.last_year.activities_held,
    );
    match expected {
        Some(ch) => assert!((number(head.get((3, 3))) - ch).abs() < 1e-9),
        None => assert_eq!(text(head.get((3, 3))), "—"),
    }
    let solved = (3..head.height())
        .find(|&r| text(head.get((r, 0))) == "解决群众难题（件）")
        .expect("a row for problems solved");
    assert_eq!(
        number(head.get((solved, 1))),
        f64::from(report.figures.problems_solved)
    );
    let attendance = (3..head.height())
        .find(|&r| text(head.get((r, 0))) == "出勤率")
        .expect("a row for attendance");
    let rate = report
        .figures
        .attendance_rate
        .expect("attendance was taken");
    assert!((number(head.get((attendance, 1))) - rate).abs() < 1e-9);

    let rows = book.worksheet_range("分项").unwrap();
    assert_eq!(text(rows.get((2, 0))), "镇（街道）");
    assert_eq!(text(rows.get((2, 1))), "开展活动（次）");
    assert_eq!(text(rows.get((2, 8))), "出勤率");
    for (i, row) in report.breakdown.iter().enumerate() {
        assert_eq!(text(rows.get((3 + i, 0))), row.name);
        assert_eq!(
            number(rows.get((3 + i, 1))),
            f64::from(row.figures.activities_held)
        );
    }

    let trend = book.worksheet_range("月度趋势").unwrap();
    assert_eq!(text(trend.get((2, 0))), "月份");
    assert_eq!(text(trend.get((3, 0))), "2026-01");
    assert_eq!(text(trend.get((14, 0))), "2026-12");
    let by_month: f64 = (3..15).map(|r| number(trend.get((r, 1)))).sum();
    assert_eq!(by_month, f64::from(report.figures.activities_held));
}

#[test]
fn a_branch_has_no_breakdown_sheet_and_a_bad_period_is_refused() {
    let (dir, _path, conn) = crate::demo_db();
    let branch = crate::branch_id(&conn, crate::activities::BRANCH);
    let scope = PointScope {
        town_id: None,
        community_id: None,
        branch_id: Some(branch),
    };
    let out = dir.path().join("branch.xlsx");
    let q = StatsPeriod::Quarter {
        year: 2026,
        quarter: 1,
    };
    let outcome = export_stats(&conn, &scope, q, today(), &out).unwrap();
    assert_eq!(outcome.rows, 3, "three months, no breakdown");
    let book = open_workbook_auto(&out).unwrap();
    assert_eq!(book.sheet_names(), ["总体", "月度趋势"]);

    let bad = StatsPeriod::Quarter {
        year: 2026,
        quarter: 5,
    };
    let refused = dir.path().join("refused.xlsx");
    assert!(export_stats(&conn, &scope, bad, today(), &refused).is_err());
    assert!(!refused.exists(), "nothing written for a refused period");
}
