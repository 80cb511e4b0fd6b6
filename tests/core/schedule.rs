//! 定时间 through the api on real database files: plans, moves, staggering, iCal, the CLI.

use std::str::FromStr;

use branch_planner::activity::ActivityKind;
use branch_planner::activity_week::{window, ActivityWeekRule, Weekday};
use branch_planner::api::activities as acts;
use branch_planner::api::holidays::{self, HolidayEditKind, HolidaySource};
use branch_planner::api::register::{self as reg, BranchDraft};
use branch_planner::api::schedule::{
    self as sched, CommunitySharing, ScheduleScope, WeekRuleChange, WeekdayChoice,
};
use branch_planner::api::study_plans;
use branch_planner::day_plan::{DayMove, DayPlan, YearMonth};
use branch_planner::error::FieldRule;
use branch_planner::org::BranchBasis;
use branch_planner::print::docs::{self, Paper};
use branch_planner::stagger::{Clash, ClashKind, Infeasibility, Proposal, WeekdayWishes};
use branch_planner::study_plan::{StudyPlan, StudyTopic};
use branch_planner::week_rule::WeekRuleFrom;
use branch_planner::ErrorCode;
use chrono::NaiveDate;
use icalendar::{Calendar, Component};

use crate::{branch_id, demo_db, planner_json, temp_db, today};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn plan(branch: &str, from: &str, weekday: Weekday) -> DayPlan {
    DayPlan {
        branch_id: branch.into(),
        effective_from: from.into(),
        weekday,
        start_time: "08:30".into(),
        venue: "党群服务中心".into(),
    }
}

#[test]
fn a_weekday_change_applies_from_its_month_and_earlier_months_keep_their_dates() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    sched::save_day_plan(&mut conn, plan(&branch, "2024-01", Weekday::Wed)).unwrap();
    let before = sched::branch_year(&conn, &branch, 2024).unwrap();
    sched::save_day_plan(&mut conn, plan(&branch, "2024-07", Weekday::Fri)).unwrap();
    let after = sched::branch_year(&conn, &branch, 2024).unwrap();
    assert_eq!(
        before.days[..6],
        after.days[..6],
        "January–June keep their Wednesdays"
    );
    assert_eq!(
        after.days[6].date,
        date(2024, 7, 12),
        "July is a Friday now"
    );
    assert_eq!(after.days[6].weekday, Weekday::Fri);
    // February 2024: Wednesday 02-14 is in the Spring Festival break and moves to Friday 02-09.
    assert_eq!(after.days[1].fixed_date, date(2024, 2, 14));
    assert_eq!(after.days[1].date, date(2024, 2, 9));
    assert_eq!(after.days[1].reason.as_deref(), Some("春节"));
}

#[test]
fn a_manual_move_survives_regenerating_the_year() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    sched::save_day_plan(&mut conn, plan(&branch, "2025-01", Weekday::Wed)).unwrap();
    let moved = sched::move_day(
        &mut conn,
        DayMove {
            branch_id: branch.clone(),
            year: 2025,
            month: 5,
            date: date(2025, 5, 20),
            reason: "镇里集中培训".into(),
        },
    )
    .unwrap();
    assert!(
        moved.deviation,
        "05-20 is outside the activity week 05-08..05-14"
    );
    assert_eq!(moved.fixed_date, date(2025, 5, 14));

    // Regenerate: a new plan from March and a community-wide auto-assign from April.
    sched::save_day_plan(&mut conn, plan(&branch, "2025-03", Weekday::Thu)).unwrap();
    let community = reg::org_tree(&conn).unwrap().towns[0].communities[0]
        .community
        .id
        .clone();
    sched::apply_weekdays(
        &mut conn,
        &community,
        "2025-04",
        &[WeekdayChoice {
            branch_id: branch.clone(),
            weekday: Weekday::Mon,
        }],
        today(),
    )
    .unwrap();
    let may = &sched::branch_year(&conn, &branch, 2025).unwrap().days[4];
    assert_eq!(may.date, date(2025, 5, 20), "the hand-moved date is kept");
    assert_eq!(may.manual_reason.as_deref(), Some("镇里集中培训"));
    assert_eq!(may.weekday, Weekday::Mon, "the plan changed underneath");

    let back = sched::clear_move(&mut conn, &branch, 2025, 5).unwrap();
    assert_eq!(
        back.date,
        date(2025, 5, 12),
        "without the move: Monday of the activity week"
    );
    assert!(!back.deviation);
}

#[test]
fn a_move_without_reason_or_into_another_month_is_refused() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    let bad = DayMove {
        branch_id: branch.clone(),
        year: 2026,
        month: 3,
        date: date(2026, 4, 1),
        reason: "".into(),
    };
    let err = sched::move_day(&mut conn, bad).unwrap_err();
    let api: branch_planner::ApiError = err.into();
    let fields: Vec<_> = api.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["reason", "date"]);
}

/// A community of 7 branches with no plans: auto-assign gives each its own weekday, and says
/// before anything is applied which days holiday moves would still crowd.
#[test]
fn seven_branches_auto_assigned_with_limit_one_get_their_own_weekdays_and_foretold_clashes() {
    let (_dir, _path, mut conn) = temp_db();
    let town = reg::save_town(
        &mut conn,
        None,
        &reg::TownDraft {
            name: "试点镇".into(),
        },
    )
    .unwrap();
    let community = reg::save_community(
        &mut conn,
        None,
        &reg::CommunityDraft {
            town_id: town.id,
            name: "七支部社区".into(),
            committee_name: "".into(),
        },
    )
    .unwrap();
    let mut ids = Vec::new();
    for i in 1..=7 {
        let draft = BranchDraft {
            community_id: community.id.clone(),
            name: format!("第{i}服务型党支部"),
            basis: BranchBasis::Trade,
            note: String::new(),
        };
        ids.push(reg::save_branch(&mut conn, None, &draft).unwrap().id);
    }
    sched::save_weekday_wishes(
        &mut conn,
        &WeekdayWishes {
            branch_id: ids[0].clone(),
            preferred: vec![Weekday::Sat],
            impossible: vec![],
        },
    )
    .unwrap();
    let Proposal::Assigned {
        assignments,
        holiday_clashes,
        ..
    } = sched::propose_weekdays(&conn, &community.id, 2024).unwrap()
    else {
        panic!("seven branches fit seven weekdays");
    };
    assert_eq!(
        assignments[0].weekday,
        Weekday::Sat,
        "the stated preference is met"
    );
    let choices: Vec<_> = assignments
        .iter()
        .map(|a| WeekdayChoice {
            branch_id: a.branch_id.clone(),
            weekday: a.weekday,
        })
        .collect();
    let year =
        sched::apply_weekdays(&mut conn, &community.id, "2024-01", &choices, today()).unwrap();
    assert_eq!(year.branches.len(), 7);
    assert!(year.branches.iter().all(|b| b.days.len() == 12));
    let mut weekdays: Vec<_> = assignments.iter().map(|a| a.weekday).collect();
    weekdays.sort_by_key(|w| w.days_from_monday());
    weekdays.dedup();
    assert_eq!(weekdays.len(), 7, "limit 1: seven different weekdays");
    // Different weekdays never share a fixed date; only days moved out of a holiday break can
    // land together (February 2024 leaves just 02-08 and 02-09 free), and those clashes are
    // listed for the committee to settle by hand.
    for clash in &year.clashes {
        assert_eq!(clash.kind, ClashKind::DayOverLimit, "{clash:?}");
        let on_fixed_date = year
            .branches
            .iter()
            .flat_map(|b| &b.days)
            .filter(|d| d.date == clash.date && !d.moved)
            .count();
        assert!(
            on_fixed_date <= 1,
            "a clash of unmoved days on {}",
            clash.date
        );
    }
    assert!(
        year.clashes.iter().any(|c| c.date == date(2024, 2, 9)),
        "the Spring Festival squeeze is shown"
    );
    let sorted = |clashes: &[Clash]| {
        let mut all: Vec<_> = clashes
            .iter()
            .map(|c| {
                let mut ids = c.branch_ids.clone();
                ids.sort();
                (c.date, ids)
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(
        sorted(&holiday_clashes),
        sorted(&year.clashes),
        "the proposal foretold exactly the clashes the applied year has"
    );

    // An eighth branch makes limit 1 infeasible, and the answer says which limit would do.
    let draft = BranchDraft {
        community_id: community.id.clone(),
        name: "第8服务型党支部".into(),
        basis: BranchBasis::Age,
        note: String::new(),
    };
    reg::save_branch(&mut conn, None, &draft).unwrap();
    match sched::propose_weekdays(&conn, &community.id, 2024).unwrap() {
        Proposal::Infeasible { reason, .. } => assert_eq!(
            reason,
            Infeasibility::TooManyBranches {
                branches: 8,
                places: 7,
                needed_limit: 2
            }
        ),
        other => panic!("expected an explanation, got {other:?}"),
    }
    let settings = sched::community_schedule(&conn, &community.id, today()).unwrap();
    let sharing = CommunitySharing {
        community_id: settings.community_id,
        day_share_limit: 2,
        venues: settings.venues,
    };
    sched::save_community_schedule(&mut conn, &sharing, today()).unwrap();
    assert!(matches!(
        sched::propose_weekdays(&conn, &community.id, 2024).unwrap(),
        Proposal::Assigned { .. }
    ));
}

#[test]
fn two_branches_on_one_day_clash_and_the_advisor_names_them() {
    let (_dir, _path, mut conn) = demo_db();
    let a = branch_id(&conn, "蔬菜种植服务型党支部");
    let b = branch_id(&conn, "农机服务型党支部");
    sched::save_day_plan(&mut conn, plan(&a, "2026-01", Weekday::Mon)).unwrap();
    sched::save_day_plan(&mut conn, plan(&b, "2026-01", Weekday::Mon)).unwrap();
    let community = sched::branch_year(&conn, &a, 2026).unwrap().community_id;
    let year = sched::community_year(&conn, &community, 2026, today()).unwrap();
    let day_clashes: Vec<_> = year
        .clashes
        .iter()
        .filter(|c| c.kind == ClashKind::DayOverLimit)
        .collect();
    assert_eq!(day_clashes.len(), 12, "every month's Monday is shared");
    assert!(day_clashes[0].branch_ids.contains(&a) && day_clashes[0].branch_ids.contains(&b));
    assert!(year
        .clashes
        .iter()
        .any(|c| c.kind == ClashKind::VenueOverlap));

    let advice = sched::weekday_advice(&conn, &a, 2026).unwrap();
    assert_eq!(advice.len(), 7);
    assert!(
        advice[0].branch_ids.contains(&b),
        "Monday is used by the other branch"
    );
    assert!(
        !advice[0].branch_ids.contains(&a),
        "the branch itself is not listed"
    );
}

#[test]
fn a_fixed_day_is_checked_for_clashes_before_it_is_saved() {
    let (_dir, _path, mut conn) = demo_db();
    let a = branch_id(&conn, "蔬菜种植服务型党支部");
    let b = branch_id(&conn, "农机服务型党支部");
    sched::save_day_plan(&mut conn, plan(&b, "2026-01", Weekday::Mon)).unwrap();
    let before = sched::branch_clashes(&conn, &a, 2026).unwrap();
    let with_b = |clashes: &[sched::BranchClash]| -> Vec<(NaiveDate, ClashKind)> {
        clashes
            .iter()
            .filter(|c| c.others.iter().any(|o| o.branch_id == b))
            .map(|c| (c.date, c.kind))
            .collect()
    };
    assert!(
        with_b(&before).is_empty(),
        "the demo branch does not meet on Mondays"
    );

    // Mondays from July, same venue and time as the other branch: both clashes, July on.
    let asked = sched::plan_clashes(&conn, plan(&a, "2026-07", Weekday::Mon)).unwrap();
    let found = with_b(&asked);
    assert_eq!(
        found
            .iter()
            .filter(|(_, k)| *k == ClashKind::DayOverLimit)
            .count(),
        6,
        "{found:?}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|(_, k)| *k == ClashKind::VenueOverlap)
            .count(),
        6
    );
    assert!(found.iter().all(|(d, _)| *d >= date(2026, 7, 1)));
    let named = asked
        .iter()
        .find(|c| c.others.iter().any(|o| o.branch_id == b))
        .unwrap();
    assert!(named
        .others
        .iter()
        .any(|o| o.branch_name == "农机服务型党支部"));
    assert_eq!(
        sched::branch_clashes(&conn, &a, 2026).unwrap(),
        before,
        "asking writes nothing"
    );

    // Two branches may share a day: then only the venue at overlapping times clashes.
    let settings = sched::community_schedule(
        &conn,
        &sched::branch_year(&conn, &a, 2026).unwrap().community_id,
        today(),
    )
    .unwrap();
    let sharing = CommunitySharing {
        community_id: settings.community_id,
        day_share_limit: 2,
        venues: settings.venues,
    };
    sched::save_community_schedule(&mut conn, &sharing, today()).unwrap();
    let at = |time: &str, venue: &str| DayPlan {
        start_time: time.into(),
        venue: venue.into(),
        ..plan(&a, "2026-01", Weekday::Mon)
    };
    let kinds = |p: DayPlan| with_b(&sched::plan_clashes(&conn, p).unwrap());
    let near = kinds(at("10:00", "党群服务中心"));
    assert_eq!(near.len(), 12, "90 minutes apart in one venue: {near:?}");
    assert!(near.iter().all(|(_, k)| *k == ClashKind::VenueOverlap));
    assert!(
        kinds(at("11:30", "党群服务中心")).is_empty(),
        "three hours apart"
    );
    assert!(kinds(at("08:30", "村委会议室")).is_empty(), "another venue");

    // Saved, the branch's year lists the clashes it was warned of.
    sched::save_day_plan(&mut conn, at("10:00", "党群服务中心")).unwrap();
    assert_eq!(
        with_b(&sched::branch_clashes(&conn, &a, 2026).unwrap()),
        near
    );
}

#[test]
fn the_community_settings_are_checked_and_kept() {
    let (_dir, _path, mut conn) = demo_db();
    let community = reg::org_tree(&conn).unwrap().towns[0].communities[0]
        .community
        .id
        .clone();
    let settings = CommunitySharing {
        community_id: community.clone(),
        day_share_limit: 2,
        venues: vec![" 党群服务中心 ".into(), "党群服务中心".into(), "".into()],
    };
    let saved = sched::save_community_schedule(&mut conn, &settings, today()).unwrap();
    assert_eq!(
        saved.venues,
        ["党群服务中心"],
        "venues are trimmed and deduplicated"
    );
    assert_eq!(saved.day_share_limit, 2);
    assert_eq!(
        saved.rule,
        ActivityWeekRule::SecondWeekday,
        "sharing settings leave the rule alone"
    );
    let zero = CommunitySharing {
        day_share_limit: 0,
        ..settings
    };
    assert_eq!(
        sched::save_community_schedule(&mut conn, &zero, today())
            .unwrap_err()
            .code(),
        ErrorCode::Invalid
    );
}

#[test]
fn an_unpublished_year_has_no_moves_until_its_schedule_is_imported() {
    let (dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    sched::save_day_plan(&mut conn, plan(&branch, "2030-01", Weekday::Wed)).unwrap();
    let before = sched::branch_year(&conn, &branch, 2030).unwrap();
    assert!(!before.holidays_known);
    assert!(before.days.iter().all(|d| !d.moved));
    assert_eq!(
        holidays::holiday_year(&conn, 2030).unwrap().source,
        HolidaySource::None
    );

    let file = dir.path().join("2030.json");
    std::fs::write(
        &file,
        r#"{"year":2030,"papers":[],"days":[{"name":"劳动节","date":"2030-05-08","isOffDay":true}]}"#,
    )
    .unwrap();
    let imported = holidays::import_holiday_file(&mut conn, &file).unwrap();
    assert_eq!(imported.source, HolidaySource::Imported);
    let after = sched::branch_year(&conn, &branch, 2030).unwrap();
    assert!(after.holidays_known);
    assert_eq!(
        after.days[4].date,
        date(2030, 5, 9),
        "Wednesday 05-08 is off: Thursday instead"
    );

    // A hand edit on top: 05-09 off as well, so the Wednesday moves to Tuesday 05-07... unless
    // that is nearer the other side; both are one day away from 05-08, the earlier wins.
    let edited = holidays::edit_holiday_day(
        &mut conn,
        date(2030, 5, 9),
        Some(HolidayEditKind::Off),
        "劳动节",
    )
    .unwrap();
    assert_eq!(edited.edits.len(), 1, "edits are kept and shown as such");
    let again = sched::branch_year(&conn, &branch, 2030).unwrap();
    assert_eq!(again.days[4].date, date(2030, 5, 10));
    assert_eq!(again.days[4].reason.as_deref(), Some("劳动节"));

    // The same year from an .ics replaces the imported schedule; the hand edit stays on top.
    let ics = dir.path().join("2030.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\
         BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20301009\r\nSUMMARY:国庆节 休\r\nEND:VEVENT\r\n\
         END:VCALENDAR\r\n",
    )
    .unwrap();
    let from_ics = holidays::import_holiday_file(&mut conn, &ics).unwrap();
    assert_eq!(from_ics.source, HolidaySource::Imported);
    assert_eq!(from_ics.edits.len(), 1, "the hand edit is kept");
    let last = sched::branch_year(&conn, &branch, 2030).unwrap();
    assert_eq!(
        last.days[9].date,
        date(2030, 10, 8),
        "Wednesday 10-09 is off: Tuesday and Thursday are as near, the earlier wins"
    );
    assert_eq!(last.days[9].reason.as_deref(), Some("国庆节"));
    assert_eq!(
        last.days[4].date,
        date(2030, 5, 8),
        "05-08 is no longer off, so May keeps its day (05-09 stays off by hand)"
    );
}

#[test]
fn the_ics_export_parses_back_with_one_event_per_activity_day() {
    let (dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    sched::save_day_plan(&mut conn, plan(&branch, "2024-01", Weekday::Wed)).unwrap();
    // March's topic comes from the branch's planned activity, April's from the community's
    // study plan; the other months have none.
    let mut march = acts::draft_for_day(&conn, &branch, 2024, 3).unwrap();
    march.topic = "春季育苗技术培训".into();
    march.kinds = vec![ActivityKind::TechnicalLecture];
    acts::plan_activity(&mut conn, march).unwrap();
    let community = branch_planner::db::branches::get(&conn, &branch)
        .unwrap()
        .unwrap()
        .community_id;
    study_plans::save_study_plan(
        &mut conn,
        StudyPlan {
            community_id: community,
            year: 2024,
            topics: vec![StudyTopic {
                month: 4,
                topic: "学习新修订的村民委员会组织法".into(),
                kinds: vec![],
                theory: String::new(),
                practice: String::new(),
                exchange: String::new(),
            }],
        },
    )
    .unwrap();
    let out = dir.path().join("branch.ics");
    let stamp = chrono::DateTime::parse_from_rfc3339("2026-11-27T00:00:00Z")
        .unwrap()
        .to_utc();
    let scope = ScheduleScope {
        branch_id: Some(branch.clone()),
        ..Default::default()
    };
    let outcome = sched::export_ics(&conn, &scope, 2024, &out, stamp).unwrap();
    assert_eq!(outcome.events, 12);
    let text = std::fs::read_to_string(&out).unwrap();
    let calendar = Calendar::from_str(&text).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 12);
    assert_eq!(
        events[1].get_uid().unwrap(),
        format!("{branch}-2024-02@branch-planner")
    );
    assert!(
        text.contains("DTSTART;TZID=Asia/Shanghai:20240209T083000"),
        "February moved to 02-09"
    );
    assert!(events[1].get_description().unwrap().contains("春节"));
    assert_eq!(
        events[2].get_summary().unwrap(),
        "党员活动日 · 蔬菜种植服务型党支部 · 春季育苗技术培训"
    );
    assert!(events[2]
        .get_description()
        .unwrap()
        .starts_with("主题：春季育苗技术培训"));
    assert!(events[3]
        .get_summary()
        .unwrap()
        .ends_with("学习新修订的村民委员会组织法"));
    assert_eq!(
        events[4].get_summary().unwrap(),
        "党员活动日 · 蔬菜种植服务型党支部"
    );
    assert_eq!(
        calendar.property_value("PRODID"),
        Some("-//Branch Planner//支部活动规划//ZH")
    );
    assert_eq!(text.matches("PRODID").count(), 1);
    let again = sched::export_ics(&conn, &scope, 2024, &out, stamp).unwrap();
    assert_eq!(again.events, 12);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        text,
        "the same data gives the same file"
    );
}

#[test]
fn upcoming_days_and_reminders_come_once() {
    let (_dir, _path, mut conn) = demo_db();
    let today = date(2026, 3, 9);
    let all = ScheduleScope::default();
    let next = sched::upcoming_days(&conn, &all, today, 3).unwrap();
    assert_eq!(next.len(), 3);
    assert!(
        next.windows(2).all(|w| w[0].day.date <= w[1].day.date),
        "soonest first"
    );
    assert_eq!(
        next[0].day.date,
        date(2026, 3, 10),
        "the demo's Tuesday branches meet on 03-10"
    );
    assert_eq!(next[0].days_until, 1);

    let due = sched::due_reminders(&conn, &all, today, 3).unwrap();
    assert!(!due.is_empty());
    assert!(due.iter().all(|r| r.days_until <= 3));
    sched::mark_reminders_shown(&mut conn, &due).unwrap();
    assert!(
        sched::due_reminders(&conn, &all, today, 3)
            .unwrap()
            .is_empty(),
        "shown once"
    );
}

#[test]
fn planner_schedule_and_ics_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    assert!(crate::planner()
        .args(["demo", "--db"])
        .arg(&db)
        .status()
        .unwrap()
        .success());
    let json = planner_json(&["schedule", "--year", "2026", "--json"], &db);
    let communities = json["communities"].as_array().unwrap();
    assert_eq!(communities.len(), 2);
    let days: usize = communities
        .iter()
        .flat_map(|c| c["branches"].as_array().unwrap())
        .map(|b| b["days"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        days,
        8 * 12,
        "every demo branch has a plan for the whole year"
    );

    let community = communities[0]["communityId"].as_str().unwrap();
    let ics = dir.path().join("c.ics");
    let out = crate::planner()
        .args(["ics", "--community", community, "--year", "2026", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&ics)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 4 * 12);

    let bad_month = crate::planner()
        .args(["schedule", "--year", "13x", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(bad_month.status.code(), Some(2), "a bad argument exits 2");
    let both = crate::planner()
        .args([
            "ics",
            "--branch",
            "x",
            "--community",
            "y",
            "--year",
            "2026",
            "--out",
            "z.ics",
        ])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
}

/// The field errors of a refused input, as (field, rule) pairs.
fn field_errors(err: branch_planner::Error) -> Vec<(String, FieldRule)> {
    match err {
        branch_planner::Error::Invalid(fields) => {
            fields.into_iter().map(|f| (f.field, f.rule)).collect()
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn a_rule_change_applies_from_its_month_and_earlier_months_keep_their_dates() {
    use ActivityWeekRule::{SecondMondayWeek, SecondWeekday};
    let (_dir, path, mut conn) = demo_db();
    let branch = branch_id(&conn, "蔬菜种植服务型党支部");
    sched::save_day_plan(&mut conn, plan(&branch, "2025-01", Weekday::Wed)).unwrap();
    let community = sched::branch_year(&conn, &branch, 2026)
        .unwrap()
        .community_id;
    let moved = |month: u32, day: u32| DayMove {
        branch_id: branch.clone(),
        year: 2026,
        month,
        date: date(2026, month, day),
        reason: "与镇里培训冲突".into(),
    };
    // Sunday 03-08 is in March's days 8–14 but not in the week from the second Monday (03-09);
    // Saturday 08-08 likewise for August (second Monday 08-10).
    sched::move_day(&mut conn, moved(3, 8)).unwrap();
    sched::move_day(&mut conn, moved(8, 8)).unwrap();
    let before_2025 = sched::branch_year(&conn, &branch, 2025).unwrap();
    let before_2026 = sched::branch_year(&conn, &branch, 2026).unwrap();
    let community_2025 = sched::community_year(&conn, &community, 2025, today()).unwrap();
    assert!(before_2026.days.iter().all(|d| !d.deviation));

    let change = |from: &str, rule| WeekRuleChange {
        community_id: community.clone(),
        effective_from: from.into(),
        rule,
    };
    let saved =
        sched::change_week_rule(&mut conn, &change("2026-07", SecondMondayWeek), today()).unwrap();
    let from = |year, month, rule| WeekRuleFrom::new(YearMonth { year, month }, rule);
    assert_eq!(
        saved.rules,
        [
            from(1900, 1, SecondWeekday),
            from(2026, 7, SecondMondayWeek)
        ]
    );
    assert_eq!(saved.rule, SecondMondayWeek, "in force in November 2026");

    // 2025 and January–June 2026 keep their dates exactly.
    let after_2025 = sched::branch_year(&conn, &branch, 2025).unwrap();
    assert_eq!(after_2025, before_2025, "2025 is untouched");
    let community_after = sched::community_year(&conn, &community, 2025, today()).unwrap();
    assert_eq!(community_after.branches, community_2025.branches);
    assert_eq!(community_after.clashes, community_2025.clashes);
    assert_eq!(community_after.rules, community_2025.rules);
    assert_eq!(community_after.rules, [from(2025, 1, SecondWeekday)]);
    let after_2026 = sched::branch_year(&conn, &branch, 2026).unwrap();
    assert_eq!(
        after_2026.days[..6],
        before_2026.days[..6],
        "January–June keep theirs"
    );
    assert_eq!(
        after_2026.rules,
        [
            from(2026, 1, SecondWeekday),
            from(2026, 7, SecondMondayWeek)
        ]
    );
    // From July on the week starts on the second Monday.
    for day in &after_2026.days[6..] {
        let week = window(SecondMondayWeek, 2026, day.month).unwrap();
        assert_eq!((day.week_start, day.week_end), (week.start, week.end));
        assert_eq!(day.rule, SecondMondayWeek);
        assert_eq!(day.weekday, Weekday::Wed, "the weekday plan is unaffected");
    }
    assert_eq!(after_2026.days[6].date, date(2026, 7, 15), "was 07-08");
    assert_eq!(before_2026.days[6].date, date(2026, 7, 8));
    assert_eq!(after_2026.plans, before_2026.plans);
    // Manual moves stay; each is judged against its own month's week.
    let march = &after_2026.days[2];
    assert_eq!((march.date, march.deviation), (date(2026, 3, 8), false));
    let august = &after_2026.days[7];
    assert_eq!(august.date, date(2026, 8, 8));
    assert_eq!(august.manual_reason.as_deref(), Some("与镇里培训冲突"));
    assert!(
        august.deviation,
        "08-08 lies outside August's new week (08-10 .. 08-16)"
    );

    // The printed year names both rules.
    let doc = docs::year_calendar(&conn, &branch, 2026, Paper::A4, today()).unwrap();
    let subtitle = doc["subtitle"].as_str().unwrap();
    assert!(
        subtitle.contains("活动周：每月8日至14日；自7月起 第二个周一起的一周"),
        "{subtitle}"
    );

    // The rule already in force writes nothing; a bad month is a field error.
    let rows = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT COUNT(*) FROM community_week_rule", [], |r| r.get(0))
            .unwrap()
    };
    let count = rows(&conn);
    sched::change_week_rule(&mut conn, &change("2026-09", SecondMondayWeek), today()).unwrap();
    sched::change_week_rule(&mut conn, &change("2026-03", SecondWeekday), today()).unwrap();
    assert_eq!(rows(&conn), count, "the same rule writes no row");
    for bad in ["2026-13", "2026/07", "", "1899-12"] {
        let err =
            sched::change_week_rule(&mut conn, &change(bad, SecondWeekday), today()).unwrap_err();
        assert_eq!(
            field_errors(err),
            [("effectiveFrom".to_owned(), FieldRule::BadDate)],
            "{bad:?}"
        );
    }
    let earliest = sched::delete_week_rule(&mut conn, &community, "1900-01", today()).unwrap_err();
    assert_eq!(
        field_errors(earliest),
        [("effectiveFrom".to_owned(), FieldRule::BadChoice)]
    );
    let missing = sched::delete_week_rule(&mut conn, &community, "2026-08", today()).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
    assert_eq!(rows(&conn), count);

    // The command line shows the new dates from July, under both rules' names.
    let json = planner_json(&["schedule", "--year", "2026", "--json"], &path);
    let ours = json["communities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["communityId"] == community.as_str())
        .unwrap();
    assert_eq!(ours["rules"].as_array().unwrap().len(), 2);
    let days = ours["branches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["branchId"] == branch.as_str())
        .unwrap()["days"]
        .as_array()
        .unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    let expected: Vec<String> = after_2026.days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(dates, expected);
    assert_eq!(dates[6], "2026-07-15");
    assert_eq!(days[6]["rule"], "second-monday-week");
    assert_eq!(days[5]["rule"], "second-weekday");
    let table = crate::planner()
        .args(["schedule", "--year", "2026", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("(每月8日至14日；自7月起 第二个周一起的一周)"),
        "{text}"
    );

    // Taking the change back restores the old dates.
    sched::delete_week_rule(&mut conn, &community, "2026-07", today()).unwrap();
    let undone = sched::branch_year(&conn, &branch, 2026).unwrap();
    assert_eq!(undone.days, before_2026.days);
}
