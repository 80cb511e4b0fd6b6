//! Statistics against a hand-counted fixture: one branch's first half of 2026 on the demo
//! town, with a held activity on 03-31 and one on 04-01 (the quarter boundary), attendance with
//! two absences, a suggestion and a problem solved in the next quarter.

use branch_planner::activity::{AbsenceReason, ActivityDraft, ActivityKind, ActivityStatus};
use branch_planner::api::activities as acts;
use branch_planner::api::points::PointScope;
use branch_planner::api::stats::{stats, StatsLevel, StatsPeriod};
use branch_planner::ledger::{
    Problem, ProblemStatus, Suggestion, SuggestionSource, SuggestionStatus,
};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::activities::{change, everyone_present, march_draft, steps, BRANCH};
use crate::{branch_id, demo_db, planner_json, today};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Plans, records, takes attendance (with `absent` absences) and holds an activity.
fn hold(conn: &mut Connection, draft: ActivityDraft, absent: usize) -> (String, usize) {
    let draft = ActivityDraft {
        steps: steps(true),
        ..draft
    };
    let id = acts::plan_activity(conn, draft).unwrap().activity.id;
    let mut sheet = everyone_present(conn, &id);
    for entry in sheet.iter_mut().take(absent) {
        entry.present = false;
        entry.absence_reason = Some(AbsenceReason::Leave);
    }
    acts::set_attendance(conn, &id, &sheet, 4, &change()).unwrap();
    acts::change_status(conn, &id, ActivityStatus::Held, None, today(), &change()).unwrap();
    (id, sheet.len())
}

fn extra(branch: &str, on: NaiveDate, kinds: Vec<ActivityKind>) -> ActivityDraft {
    ActivityDraft {
        branch_id: branch.to_owned(),
        month: None,
        topic: format!("{on} 的加开活动"),
        kinds,
        date: on,
        start_time: "14:00".into(),
        venue: "党员活动室".into(),
        leader: String::new(),
        steps: vec![],
    }
}

#[test]
fn quarter_figures_match_a_hand_count() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let march = march_draft(&conn, &branch);
    let (march_id, roll) = hold(&mut conn, march, 2);
    hold(
        &mut conn,
        extra(
            &branch,
            date(2026, 3, 31),
            vec![ActivityKind::OnSiteObservation],
        ),
        0,
    );
    hold(
        &mut conn,
        extra(
            &branch,
            date(2026, 4, 1),
            vec![ActivityKind::ExperienceExchange],
        ),
        0,
    );
    acts::save_suggestion(
        &mut conn,
        Suggestion {
            id: String::new(),
            branch_id: branch.clone(),
            activity_id: Some(march_id.clone()),
            text: "希望统一采购种苗".into(),
            source: SuggestionSource::Resident,
            source_name: String::new(),
            received_on: date(2026, 3, 10),
            category: String::new(),
            status: SuggestionStatus::Answered,
            response: "已联系合作社".into(),
        },
        today(),
    )
    .unwrap();
    acts::save_problem(
        &mut conn,
        Problem {
            id: String::new(),
            branch_id: branch.clone(),
            activity_id: None,
            person: "孙玉兰家".into(),
            description: "卷帘机故障".into(),
            raised_on: date(2026, 3, 20),
            help: "党员上门维修".into(),
            status: ProblemStatus::Solved,
            solved_on: Some(date(2026, 4, 2)),
        },
        today(),
    )
    .unwrap();

    let scope = PointScope::branch(&branch);
    let q1 = stats(
        &conn,
        &scope,
        StatsPeriod::Quarter {
            year: 2026,
            quarter: 1,
        },
        today(),
    )
    .unwrap();
    let f = &q1.figures;
    assert_eq!(f.activities_held, 2, "the March day and 03-31, not 04-01");
    assert_eq!(f.days_held, 1);
    assert_eq!(f.days_scheduled, 3, "one activity day a month");
    let kinds: Vec<u32> = f.by_kind.iter().map(|k| k.count).collect();
    // March: 学习培训 + 技术讲座; 03-31: 现场观摩.
    assert_eq!(kinds, [1, 1, 0, 1]);
    let expected = (2 * roll - 2) as f64 / (2 * roll) as f64;
    assert!((f.attendance_rate.unwrap() - expected).abs() < 1e-9);
    assert_eq!(f.residents_present, 8);
    assert_eq!(f.three_steps_complete, 2);
    assert_eq!(f.suggestions_collected, 1);
    assert_eq!(f.suggestions_answered, 1);
    assert_eq!(f.problems_raised, 1);
    assert_eq!(f.problems_solved, 0, "solved on 04-02: the second quarter");
    assert_eq!(q1.last_year.activities_held, 0);
    assert_eq!(q1.breakdown_level, None);
    assert_eq!(q1.trend.len(), 3);
    assert_eq!(q1.trend[2].month, "2026-03");
    assert_eq!(q1.trend[2].figures.activities_held, 2);

    let q2 = stats(
        &conn,
        &scope,
        StatsPeriod::Quarter {
            year: 2026,
            quarter: 2,
        },
        today(),
    )
    .unwrap();
    assert_eq!(q2.figures.activities_held, 1);
    assert_eq!(q2.figures.days_held, 0, "04-01 was an extra activity");
    assert_eq!(q2.figures.problems_solved, 1);
    assert_eq!(q2.figures.suggestions_collected, 0);

    // The community: the branch's row carries its figures, the others are zero.
    let community = q1_community(&conn, &branch);
    let c = stats(
        &conn,
        &PointScope {
            community_id: Some(community),
            ..Default::default()
        },
        StatsPeriod::Quarter {
            year: 2026,
            quarter: 1,
        },
        today(),
    )
    .unwrap();
    assert_eq!(c.breakdown_level, Some(StatsLevel::Branch));
    assert_eq!(c.breakdown.len() as u32, c.branches);
    let own = c.breakdown.iter().find(|r| r.id == branch).unwrap();
    assert_eq!(own.figures.activities_held, 2);
    let others: u32 = c
        .breakdown
        .iter()
        .filter(|r| r.id != branch)
        .map(|r| r.figures.activities_held)
        .sum();
    assert_eq!(others, 0);
    assert_eq!(c.figures.activities_held, 2);
    assert_eq!(c.figures.days_scheduled, 3 * c.branches);

    // The whole town, broken down by town (one), matches the community's activity count.
    let all = stats(
        &conn,
        &PointScope::default(),
        StatsPeriod::Year { year: 2026 },
        today(),
    )
    .unwrap();
    assert_eq!(all.breakdown_level, Some(StatsLevel::Town));
    assert_eq!(all.figures.activities_held, 3);
    assert_eq!(all.breakdown[0].figures.activities_held, 3);
    assert!(
        all.figures.points_created > 0,
        "the demo has points this year"
    );
}

/// Day: the tests' day, 2026-11-27 — February 2025 is long over, so it is compared whole.
#[test]
fn february_2025_is_compared_with_all_of_february_2024_leap_day_included() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    hold(
        &mut conn,
        extra(
            &branch,
            date(2024, 2, 29),
            vec![ActivityKind::StudyTraining],
        ),
        0,
    );
    hold(
        &mut conn,
        extra(
            &branch,
            date(2025, 2, 28),
            vec![ActivityKind::StudyTraining],
        ),
        0,
    );
    let feb = stats(
        &conn,
        &PointScope::branch(&branch),
        StatsPeriod::Month {
            year: 2025,
            month: 2,
        },
        today(),
    )
    .unwrap();
    assert_eq!(feb.figures.activities_held, 1);
    assert_eq!(
        (feb.last_year_period.from, feb.last_year_period.to),
        (date(2024, 2, 1), date(2024, 2, 29))
    );
    assert_eq!(
        feb.last_year.activities_held, 1,
        "the activity of 29 February 2024 is in the comparison"
    );
    // The same through a custom range drawn over the whole month, and through the quarter.
    let custom = stats(
        &conn,
        &PointScope::branch(&branch),
        StatsPeriod::Custom {
            from: date(2025, 2, 1),
            to: date(2025, 2, 28),
        },
        today(),
    )
    .unwrap();
    assert_eq!(custom.last_year_period, feb.last_year_period);
    assert_eq!(custom.last_year.activities_held, 1);
    let q1 = stats(
        &conn,
        &PointScope::branch(&branch),
        StatsPeriod::Quarter {
            year: 2025,
            quarter: 1,
        },
        today(),
    )
    .unwrap();
    assert_eq!(q1.last_year.activities_held, 1);
    // Day: 2025-02-20, February 2025 still running: compared up to 20 February 2024.
    let running = stats(
        &conn,
        &PointScope::branch(&branch),
        StatsPeriod::Month {
            year: 2025,
            month: 2,
        },
        date(2025, 2, 20),
    )
    .unwrap();
    assert_eq!(running.last_year_period.to, date(2024, 2, 20));
    assert_eq!(running.last_year.activities_held, 0);
}

fn q1_community(conn: &Connection, branch: &str) -> String {
    branch_planner::db::branches::get(conn, branch)
        .unwrap()
        .unwrap()
        .community_id
}

#[test]
fn a_bad_period_or_scope_is_refused() {
    let (_dir, _path, conn) = demo_db();
    let err = stats(
        &conn,
        &PointScope::default(),
        StatsPeriod::Quarter {
            year: 2026,
            quarter: 5,
        },
        today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), branch_planner::ErrorCode::Invalid);
    let err = stats(
        &conn,
        &PointScope::branch("no-such-branch"),
        StatsPeriod::Year { year: 2026 },
        today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), branch_planner::ErrorCode::NotFound);
    let err = stats(
        &conn,
        &PointScope::default(),
        StatsPeriod::Custom {
            from: date(2026, 5, 1),
            to: date(2026, 4, 1),
        },
        today(),
    )
    .unwrap_err();
    assert_eq!(err.code(), branch_planner::ErrorCode::Invalid);
}

#[test]
fn planner_stats_prints_the_figures_as_json() {
    let (_dir, path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    hold(
        &mut conn,
        extra(
            &branch,
            date(2026, 5, 6),
            vec![ActivityKind::TechnicalLecture],
        ),
        1,
    );
    drop(conn);
    let json = planner_json(
        &["stats", "--year", "2026", "--quarter", "2", "--json"],
        &path,
    );
    assert_eq!(json["figures"]["activitiesHeld"], 1);
    assert_eq!(json["figures"]["byKind"][1]["kind"], "technicalLecture");
    assert_eq!(json["figures"]["byKind"][1]["count"], 1);
    assert_eq!(json["branches"], 8);
    assert_eq!(json["breakdownLevel"], "town");
    assert_eq!(json["period"]["from"], "2026-04-01");

    let bad = crate::planner()
        .args(["stats", "--db"])
        .arg(&path)
        .args(["--year", "2026", "--quarter", "5"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "a bad quarter is a usage error");
}

#[test]
fn the_app_demo_has_a_recorded_past_and_an_open_present() {
    let (_dir, _path, mut conn) = crate::temp_db();
    let summary = branch_planner::api::demo::load_demo_with_history(&mut conn, 7, today()).unwrap();
    assert!(summary.activities > 100, "{summary:?}");
    let last_year = stats(
        &conn,
        &PointScope::default(),
        StatsPeriod::Year { year: 2025 },
        today(),
    )
    .unwrap()
    .figures;
    assert_eq!(
        last_year.days_held, last_year.days_scheduled,
        "every past activity day was held"
    );
    assert_eq!(last_year.three_steps_complete, last_year.activities_held);
    assert_eq!(
        last_year.suggestions_answered,
        last_year.suggestions_collected
    );
    assert!(last_year.attendance_rate.unwrap() > 0.7);
    let this_month = stats(
        &conn,
        &PointScope::default(),
        StatsPeriod::Month {
            year: 2026,
            month: 11,
        },
        today(),
    )
    .unwrap()
    .figures;
    assert_eq!(
        this_month.activities_held, 0,
        "this month is the user's to plan"
    );
    assert_eq!(
        summary.activities,
        last_year.activities_held
            + stats(
                &conn,
                &PointScope::default(),
                StatsPeriod::Year { year: 2026 },
                today()
            )
            .unwrap()
            .figures
            .activities_held
    );
    let open: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM suggestion WHERE status = 'received')
                  + (SELECT COUNT(*) FROM problem WHERE status = 'open' OR solved_on >= ?1)",
            [today()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open, 0, "the demo's ledgers are closed, before today");
    let again = branch_planner::api::demo::load_demo_with_history(&mut conn, 7, today());
    assert!(again.is_err(), "never mixed into a register with data");
}

#[test]
fn planner_demo_generates_a_town_scale_place_that_stats_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("town.sqlite3");
    let out = crate::planner()
        .args(["demo", "--scale", "town", "--years", "2", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("24 branches"), "{printed}");
    // A finalised review per community (4) and ended quarter: last year's 4 and this year's
    // (the CLI reads the clock, so this year's number depends on the day).
    let reviews: u32 = printed
        .split(" finalised reviews")
        .next()
        .and_then(|head| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no review count in {printed}"));
    assert!(
        reviews.is_multiple_of(4) && (16..=28).contains(&reviews),
        "{printed}"
    );
    let check = crate::planner()
        .args(["review", "verify", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(
        String::from_utf8_lossy(&check.stdout)
            .contains(&format!("{} entries, {reviews} reviews", reviews * 2)),
        "tally and finalise sealed for each"
    );
    let out = crate::planner()
        .args(["stats", "--year", "2025", "--json", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["branches"], 24);
    // Each branch met every month of last year.
    assert_eq!(json["figures"]["activitiesHeld"], 24 * 12);
    assert_eq!(json["figures"]["daysScheduled"], 24 * 12);
    assert_eq!(json["breakdown"].as_array().unwrap().len(), 1, "one town");
}

/// The counts an activity keeps for statistics (migration 0009): sign-in sheet, present, steps
/// recorded.
fn kept_counts(conn: &Connection, id: &str) -> (u32, u32, u32) {
    conn.query_row(
        "SELECT roll_count, present_count, steps_recorded FROM activity WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn an_activity_keeps_its_counts_through_every_change_of_its_rows() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let draft = march_draft(&conn, &branch);
    let id = acts::plan_activity(&mut conn, draft.clone())
        .unwrap()
        .activity
        .id;
    assert_eq!(kept_counts(&conn, &id), (0, 0, 0));

    let mut sheet = everyone_present(&conn, &id);
    let n = sheet.len() as u32;
    assert!(n >= 3);
    sheet[0].present = false;
    sheet[0].absence_reason = Some(AbsenceReason::Illness);
    sheet[1].present = false;
    sheet[1].absence_reason = Some(AbsenceReason::Leave);
    acts::set_attendance(&mut conn, &id, &sheet, 0, &change()).unwrap();
    assert_eq!(kept_counts(&conn, &id), (n, n - 2, 0));

    // Taking the sheet again replaces it: one absence left.
    sheet[1].present = true;
    sheet[1].absence_reason = None;
    acts::set_attendance(&mut conn, &id, &sheet, 0, &change()).unwrap();
    assert_eq!(kept_counts(&conn, &id), (n, n - 1, 0));

    let recorded = ActivityDraft {
        steps: steps(true),
        ..draft.clone()
    };
    acts::update_activity(&mut conn, &id, recorded, &change()).unwrap();
    assert_eq!(kept_counts(&conn, &id), (n, n - 1, 3));
    let unrecorded = ActivityDraft {
        steps: steps(false),
        ..draft
    };
    acts::update_activity(&mut conn, &id, unrecorded, &change()).unwrap();
    assert_eq!(kept_counts(&conn, &id), (n, n - 1, 0));

    // Rows changed behind the app's back are counted too (the triggers, not the app, count).
    conn.execute(
        "DELETE FROM attendance WHERE activity_id = ?1 AND member_id = ?2",
        [&id, &sheet[0].member_id],
    )
    .unwrap();
    assert_eq!(kept_counts(&conn, &id), (n - 1, n - 1, 0));
    conn.execute(
        "UPDATE attendance SET present = 0 WHERE activity_id = ?1 AND member_id = ?2",
        [&id, &sheet[2].member_id],
    )
    .unwrap();
    assert_eq!(kept_counts(&conn, &id), (n - 1, n - 2, 0));
}

#[test]
fn the_migration_counts_the_activities_recorded_before_it() {
    use branch_planner::db::migrations;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let mut old = Connection::open(&path).unwrap();
        migrations::apply_up_to(&mut old, 8).unwrap();
        old.execute_batch(
            "INSERT INTO town (id, name) VALUES ('t1', '旧镇');
             INSERT INTO community (id, town_id, name, committee_name)
                 VALUES ('c1', 't1', '旧社区', '旧社区党委');
             INSERT INTO branch (id, community_id, name, basis, note)
                 VALUES ('b1', 'c1', '种植服务型党支部', 'trade', '');
             INSERT INTO member (id, branch_id, name, gender, birth_year) VALUES
                 ('m1', 'b1', '王建国', 'male', 1960), ('m2', 'b1', '李秀英', 'female', 1972),
                 ('m3', 'b1', '张喆', 'male', 1980);
             INSERT INTO activity (id, branch_id, year, month, topic, date, start_time, status)
                 VALUES ('a1', 'b1', 2025, 3, '育苗', '2025-03-12', '14:00', 'held');
             INSERT INTO attendance (activity_id, member_id, present) VALUES
                 ('a1', 'm1', 1), ('a1', 'm2', 0), ('a1', 'm3', 1);
             INSERT INTO activity_step (activity_id, step, record_done) VALUES
                 ('a1', 'theoryStudy', '学了'), ('a1', 'practicalTraining', '  '),
                 ('a1', 'interactiveImprovement', '交流了');",
        )
        .unwrap();
    }
    let conn = branch_planner::db::open(&path).unwrap();
    assert_eq!(kept_counts(&conn, "a1"), (3, 2, 2));
}
