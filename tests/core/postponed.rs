//! An activity postponed and then held took place on the day it was held: the figures, the
//! quarter's fact sheet, the activity list, the prints and the calendar all count and show it
//! there (`Activity::took_place_on`). Two activity days of March 2025 on the demo town: one
//! planned for the 8th and held on the 20th, one planned for the 30th and held on 2 April.

use branch_planner::activity::{ActivityDraft, ActivityKind, ActivityStatus, MAX_POSTPONE_MONTHS};
use branch_planner::api::activities as acts;
use branch_planner::api::points::PointScope;
use branch_planner::api::reviews::build_facts;
use branch_planner::api::stats::{stats, StatsPeriod};
use branch_planner::db::{self, activities, migrations};
use branch_planner::error::FieldRule;
use branch_planner::print::docs::{self, Paper};
use branch_planner::Error;
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::activities::{change, everyone_present, steps, BRANCH};
use crate::{branch_id, demo_db};

const OTHER: &str = "农机服务型党支部";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The day the activities are marked held: 2025-04-10, after both days.
fn held_on_day() -> NaiveDate {
    date(2025, 4, 10)
}

/// The day the figures are read: 2025-07-01, the second quarter over.
fn later() -> NaiveDate {
    date(2025, 7, 1)
}

/// March 2025's activity day of `branch`, planned for `on`, recorded, attendance taken, then
/// postponed to `to`.
fn postponed(conn: &mut Connection, branch: &str, on: NaiveDate, to: NaiveDate) -> String {
    let draft = ActivityDraft {
        topic: format!("{on} 的活动日"),
        kinds: vec![ActivityKind::TechnicalLecture],
        date: on,
        steps: steps(true),
        ..acts::draft_for_day(conn, branch, 2025, 3).unwrap()
    };
    let id = acts::plan_activity(conn, draft).unwrap().activity.id;
    let sheet = everyone_present(conn, &id);
    acts::set_attendance(conn, &id, &sheet, 3, &change()).unwrap();
    let later = ActivityStatus::Postponed {
        new_date: to,
        reason: "农忙".into(),
    };
    acts::change_status(conn, &id, later, None, on, &change()).unwrap();
    id
}

fn hold(
    conn: &mut Connection,
    id: &str,
    on: Option<NaiveDate>,
) -> branch_planner::Result<acts::ActivityDetail> {
    acts::change_status(conn, id, ActivityStatus::Held, on, held_on_day(), &change())
}

fn figures(conn: &Connection, scope: &PointScope, period: StatsPeriod) -> (u32, u32) {
    let f = stats(conn, scope, period, later()).unwrap().figures;
    (f.activities_held, f.days_held)
}

fn month(month: u32) -> StatsPeriod {
    StatsPeriod::Month { year: 2025, month }
}

fn quarter(quarter: u32) -> StatsPeriod {
    StatsPeriod::Quarter {
        year: 2025,
        quarter,
    }
}

fn day_range(from: NaiveDate, to: NaiveDate) -> StatsPeriod {
    StatsPeriod::Custom { from, to }
}

fn field_rule(err: Error) -> (String, FieldRule) {
    match err {
        Error::Invalid(fields) => (fields[0].field.clone(), fields[0].rule),
        other => panic!("expected a field error, got {other:?}"),
    }
}

/// Days: marked held on 2025-04-10, figures read on 2025-07-01.
#[test]
fn a_postponed_activity_counts_on_the_day_it_was_held() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let other = branch_id(&conn, OTHER);
    let eighth = postponed(&mut conn, &branch, date(2025, 3, 8), date(2025, 3, 20));
    let thirtieth = postponed(&mut conn, &other, date(2025, 3, 30), date(2025, 4, 1));

    // Held: on the day it was postponed to (the default), and on the day given.
    let first = hold(&mut conn, &eighth, None).unwrap();
    assert_eq!(first.took_place_on, date(2025, 3, 20));
    assert_eq!(
        first.activity.date,
        date(2025, 3, 8),
        "the planned day stays"
    );
    assert_eq!(first.activity.held_on, Some(date(2025, 3, 20)));
    let second = hold(&mut conn, &thirtieth, Some(date(2025, 4, 2))).unwrap();
    assert_eq!(second.took_place_on, date(2025, 4, 2));
    let audit: Vec<_> = second
        .audit
        .iter()
        .map(|e| (e.field.as_str(), e.before.as_str(), e.after.as_str()))
        .collect();
    assert!(
        audit.contains(&("heldOn", "2025-03-30", "2025-04-02")),
        "the history keeps both days: {audit:?}"
    );

    // The 8th held on the 20th: in March, on the 20th — not on the 8th.
    let one = PointScope::branch(&branch);
    assert_eq!(figures(&conn, &one, month(3)), (1, 1));
    assert_eq!(
        figures(&conn, &one, day_range(date(2025, 3, 20), date(2025, 3, 20))),
        (1, 0),
        "held on the 20th; the activity day due on the 8th is not in that one day"
    );
    assert_eq!(
        figures(&conn, &one, day_range(date(2025, 3, 8), date(2025, 3, 19))),
        (0, 0),
        "nothing took place from the 8th to the 19th"
    );
    let trend = stats(&conn, &one, quarter(1), later()).unwrap().trend;
    assert_eq!(trend[2].month, "2025-03");
    assert_eq!(trend[2].figures.activities_held, 1);

    // The 30th held on 2 April: in April and the second quarter, not March and the first.
    let all = PointScope::default();
    assert_eq!(figures(&conn, &all, month(3)), (1, 1), "only the 8th's");
    assert_eq!(figures(&conn, &all, quarter(1)), (1, 1));
    let april = stats(&conn, &all, month(4), later()).unwrap().figures;
    assert_eq!(april.activities_held, 1);
    let lectures = april
        .by_kind
        .iter()
        .find(|k| k.kind == ActivityKind::TechnicalLecture)
        .unwrap();
    assert_eq!(lectures.count, 1, "its kind counts in April too");
    // March's activity day was not held in the first quarter, and it is not one of the days
    // the second quarter was due: an activity held in April, no activity day held there.
    assert_eq!(figures(&conn, &all, quarter(2)), (1, 0));
    assert_eq!(
        figures(&conn, &all, StatsPeriod::Year { year: 2025 }),
        (2, 2)
    );

    // The quarter's fact sheets judge it the same way.
    let q1 = build_facts(&conn, &other, 2025, 1, later()).unwrap();
    assert_eq!((q1.activities_held, q1.days_held), (0, 0));
    let q2 = build_facts(&conn, &other, 2025, 2, later()).unwrap();
    assert_eq!((q2.activities_held, q2.days_held), (1, 0));
    assert_eq!(
        q2.members_on_roll as usize,
        everyone_present(&conn, &thirtieth).len()
    );
    let own_q1 = build_facts(&conn, &branch, 2025, 1, later()).unwrap();
    assert_eq!((own_q1.activities_held, own_q1.days_held), (1, 1));

    // The activity list dates it by the day it took place and names the planned day.
    let list = acts::activities_of_year(&conn, &other, 2025).unwrap();
    let line = list.iter().find(|a| a.id == thirtieth).unwrap();
    assert_eq!(line.date, date(2025, 4, 2));
    assert_eq!(line.planned_date, Some(date(2025, 3, 30)));
    let own = acts::activities_of_year(&conn, &branch, 2025).unwrap();
    assert_eq!(own[0].date, date(2025, 3, 20));

    // The activity record and the year calendar say when it took place.
    let record = docs::activity_record(&conn, &thirtieth, later()).unwrap();
    let info = record["info"].to_string();
    assert!(
        info.contains("2025年4月2日 周三") && info.contains("原定2025年3月30日，延期后开展"),
        "{info}"
    );
    let calendar = docs::year_calendar(&conn, &other, 2025, Paper::A4, later()).unwrap();
    let march = calendar["months"][2]["lines"].to_string();
    assert!(march.contains("实际于4月2日开展"), "{march}");
    let april_lines = calendar["months"][3]["lines"].to_string();
    assert!(!april_lines.contains("实际于"), "{april_lines}");
}

/// Day: marked held on 2025-04-10 (and on 2025-03-25 for "not after today").
#[test]
fn the_held_day_is_checked_and_a_wrong_one_changes_nothing() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let id = postponed(&mut conn, &branch, date(2025, 3, 8), date(2025, 3, 20));

    let before_planned = hold(&mut conn, &id, Some(date(2025, 3, 7))).unwrap_err();
    assert_eq!(
        field_rule(before_planned),
        ("heldOn".into(), FieldRule::BadDate)
    );
    let after_today = hold(&mut conn, &id, Some(date(2025, 4, 11))).unwrap_err();
    assert_eq!(
        field_rule(after_today),
        ("heldOn".into(), FieldRule::Future)
    );
    let early = acts::change_status(
        &mut conn,
        &id,
        ActivityStatus::Held,
        None,
        date(2025, 3, 15),
        &change(),
    )
    .unwrap_err();
    assert_eq!(
        field_rule(early),
        ("heldOn".into(), FieldRule::Future),
        "on 15 March the day postponed to has not come"
    );
    let not_held = acts::change_status(
        &mut conn,
        &id,
        ActivityStatus::Planned,
        Some(date(2025, 3, 20)),
        held_on_day(),
        &change(),
    )
    .unwrap_err();
    assert_eq!(
        field_rule(not_held),
        ("heldOn".into(), FieldRule::BadChoice)
    );
    let detail = acts::activity_detail(&conn, &id).unwrap();
    assert!(
        matches!(detail.activity.status, ActivityStatus::Postponed { .. }),
        "every refusal left it postponed"
    );
    assert_eq!(
        detail.audit.len(),
        1,
        "only the postponement is in the history"
    );

    // Held on the 22nd: the planned day can no longer be moved; everything else can.
    let held = hold(&mut conn, &id, Some(date(2025, 3, 22))).unwrap();
    let moved = ActivityDraft {
        date: date(2025, 3, 9),
        ..held.activity.draft()
    };
    let err = acts::update_activity(&mut conn, &id, moved, &change()).unwrap_err();
    assert_eq!(field_rule(err), ("date".into(), FieldRule::BadChoice));
    let renamed = ActivityDraft {
        topic: "春季育苗（补）".into(),
        ..held.activity.draft()
    };
    let edited = acts::update_activity(&mut conn, &id, renamed, &change()).unwrap();
    assert_eq!(
        edited.took_place_on,
        date(2025, 3, 22),
        "an edit keeps the held day"
    );
}

/// Day: 2025-03-08, the day planned for.
#[test]
fn an_activity_is_postponed_at_most_three_months() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    assert_eq!(MAX_POSTPONE_MONTHS, 3);
    let id = postponed(&mut conn, &branch, date(2025, 3, 8), date(2025, 6, 8));
    let too_late = ActivityStatus::Postponed {
        new_date: date(2025, 6, 9),
        reason: "农忙".into(),
    };
    let err = acts::change_status(&mut conn, &id, too_late, None, date(2025, 3, 8), &change())
        .unwrap_err();
    assert_eq!(field_rule(err), ("newDate".into(), FieldRule::BadDate));
    assert_eq!(
        acts::activity_detail(&conn, &id).unwrap().activity.status,
        ActivityStatus::Postponed {
            new_date: date(2025, 6, 8),
            reason: "农忙".into()
        }
    );
}

/// Day: 2025-04-10 (marked held). The rule in SQL and in Rust agree on every row, and the
/// statistics find a period's activities through the index of migration 0013.
#[test]
fn the_sql_rule_is_the_rust_rule_and_is_indexed() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let id = postponed(&mut conn, &branch, date(2025, 3, 8), date(2025, 3, 20));
    hold(&mut conn, &id, None).unwrap();
    let other = branch_id(&conn, OTHER);
    postponed(&mut conn, &other, date(2025, 3, 12), date(2025, 3, 14));
    let sql = format!("SELECT id, {} FROM activity", activities::TOOK_PLACE_ON);
    let rows: Vec<(String, NaiveDate)> = conn
        .prepare(&sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rows.len() >= 2, "{rows:?}");
    for (id, on) in rows {
        let a = activities::get(&conn, &id).unwrap().unwrap();
        assert_eq!(on, a.took_place_on(), "{id}");
    }
    let plan: String = conn
        .query_row(
            &format!(
                "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM activity x WHERE {}",
                activities::TOOK_PLACE_BETWEEN
            ),
            [date(2025, 3, 1), date(2025, 3, 31)],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("activity_took_place_on"), "{plan}");
}

/// Day: none read — a file from before migration 0013 (version 11) keeps its activities, each
/// taking place on its date.
#[test]
fn a_version_11_file_keeps_its_activities_on_their_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let mut old = Connection::open(&path).unwrap();
        migrations::apply_up_to(&mut old, 11).unwrap();
        old.execute_batch(
            "INSERT INTO town (id, name) VALUES ('t1', '旧镇');
             INSERT INTO community (id, town_id, name, committee_name)
                 VALUES ('c1', 't1', '旧社区', '旧社区党委');
             INSERT INTO branch (id, community_id, name, basis, note)
                 VALUES ('b1', 'c1', '种植服务型党支部', 'trade', '');
             INSERT INTO activity (id, branch_id, year, month, topic, date, start_time, status)
                 VALUES ('a1', 'b1', 2025, 3, '育苗', '2025-03-12', '14:00', 'held');",
        )
        .unwrap();
    }
    let conn = db::open(&path).unwrap();
    assert_eq!(
        migrations::current_version(&conn).unwrap(),
        migrations::latest_version()
    );
    let a = activities::get(&conn, "a1").unwrap().unwrap();
    assert_eq!(a.held_on, None);
    assert_eq!(a.took_place_on(), date(2025, 3, 12));
    // The column refuses a held day before the planned one, whoever writes it.
    let err = conn
        .execute(
            "UPDATE activity SET held_on = '2025-03-11' WHERE id = 'a1'",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("CHECK"), "{err}");
}
