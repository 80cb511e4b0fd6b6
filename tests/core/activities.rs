//! 定规范 on real database files: a whole month of one branch, the lifecycle rules, attendance
//! rates, the ledgers and their counts, the CLI.

use branch_planner::activity::{
    AbsenceReason, ActivityDraft, ActivityKind, ActivityStatus, ActivityStep, AttendanceEntry,
    HeldRequirement, PracticeForm, Step, StepEntry,
};
use branch_planner::api::activities::{self as acts, Change};
use branch_planner::api::register::{self as reg, MemberQuery};
use branch_planner::api::schedule as sched;
use branch_planner::day_plan::DayPlan;
use branch_planner::ledger::{
    Problem, ProblemStatus, Suggestion, SuggestionSource, SuggestionStatus,
};
use branch_planner::{Error, ErrorCode};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::{branch_id, demo_db, planner_json, today};

pub const BRANCH: &str = "蔬菜种植服务型党支部";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn change() -> Change<'static> {
    Change {
        actor: "支部书记",
        at: date(2026, 3, 12).and_hms_opt(10, 0, 0).unwrap(),
    }
}

pub fn steps(recorded: bool) -> Vec<ActivityStep> {
    let text = |t: &str| {
        if recorded {
            t.to_owned()
        } else {
            String::new()
        }
    };
    vec![
        ActivityStep {
            step: Step::TheoryStudy,
            entry: StepEntry {
                plan_content: "学习中央一号文件".into(),
                plan_leader: "支部书记".into(),
                plan_minutes: 40,
                record_done: text("集中学习一号文件，讨论蔬菜产业政策"),
                ..Default::default()
            },
        },
        ActivityStep {
            step: Step::PracticalTraining,
            entry: StepEntry {
                plan_content: "大棚现场教学：春季育苗".into(),
                practice_forms: vec![PracticeForm::OnSiteTeaching, PracticeForm::HandsOnPractice],
                record_done: text("在示范大棚讲解育苗温控，党员分组实操"),
                ..Default::default()
            },
        },
        ActivityStep {
            step: Step::InteractiveImprovement,
            entry: StepEntry {
                plan_content: "交流育苗经验".into(),
                record_done: text("6名党员发言，整理问题3条"),
                ..Default::default()
            },
        },
    ]
}

pub fn march_draft(conn: &Connection, branch: &str) -> ActivityDraft {
    let mut draft = acts::draft_for_day(conn, branch, 2026, 3).unwrap();
    draft.topic = "春季育苗技术培训".into();
    draft.kinds = vec![ActivityKind::StudyTraining, ActivityKind::TechnicalLecture];
    draft.leader = "县农技站 王技术员".into();
    draft.steps = steps(false);
    draft
}

/// "All present": one entry per member on the activity's roll.
pub fn everyone_present(conn: &Connection, activity_id: &str) -> Vec<AttendanceEntry> {
    acts::activity_detail(conn, activity_id)
        .unwrap()
        .roll
        .into_iter()
        .map(|m| AttendanceEntry {
            member_id: m.member_id,
            present: true,
            absence_reason: None,
            note: String::new(),
        })
        .collect()
}

#[test]
fn a_secretary_runs_a_whole_month() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let draft = march_draft(&conn, &branch);
    assert_eq!(
        draft.date,
        date(2026, 3, 10),
        "the demo branch meets on the Tuesday of the week"
    );
    let planned = acts::plan_activity(&mut conn, draft.clone()).unwrap();
    let id = planned.activity.id.clone();
    assert_eq!(planned.activity.status, ActivityStatus::Planned);
    assert_eq!(
        planned.missing.len(),
        4,
        "nothing recorded, no attendance yet"
    );

    let err = acts::change_status(
        &mut conn,
        &id,
        ActivityStatus::Held,
        None,
        today(),
        &change(),
    )
    .unwrap_err();
    match err {
        Error::NotReadyToHold(missing) => assert_eq!(missing.len(), 4),
        other => panic!("expected NotReadyToHold, got {other:?}"),
    }

    let recorded = ActivityDraft {
        steps: steps(true),
        ..draft
    };
    let detail = acts::update_activity(&mut conn, &id, recorded.clone(), &change()).unwrap();
    assert_eq!(detail.missing, [HeldRequirement::Attendance]);
    assert!(
        detail.audit.is_empty(),
        "edits before the day are not audited"
    );

    let mut sheet = everyone_present(&conn, &id);
    sheet[3].present = false;
    sheet[3].absence_reason = Some(AbsenceReason::MigrantWork);
    sheet[4].present = false;
    sheet[4].absence_reason = Some(AbsenceReason::Illness);
    let roll_size = sheet.len();
    let detail = acts::set_attendance(&mut conn, &id, &sheet, 5, &change()).unwrap();
    let rate = detail.attendance_rate.unwrap();
    assert!(
        (rate - (roll_size - 2) as f64 / roll_size as f64).abs() < 1e-9,
        "rate {rate}"
    );
    assert!(detail.missing.is_empty());

    let today = date(2026, 3, 12);
    let suggestion = acts::save_suggestion(
        &mut conn,
        Suggestion {
            id: String::new(),
            branch_id: branch.clone(),
            activity_id: Some(id.clone()),
            text: "希望镇里统一采购优质种苗".into(),
            source: SuggestionSource::Resident,
            source_name: "赵大娘".into(),
            received_on: today,
            category: "生产".into(),
            status: SuggestionStatus::Received,
            response: String::new(),
        },
        today,
    )
    .unwrap();
    acts::save_problem(
        &mut conn,
        Problem {
            id: String::new(),
            branch_id: branch.clone(),
            activity_id: Some(id.clone()),
            person: "孙玉兰家".into(),
            description: "大棚滴灌管道堵塞".into(),
            raised_on: today,
            help: String::new(),
            status: ProblemStatus::Open,
            solved_on: None,
        },
        today,
    )
    .unwrap();

    let held =
        acts::change_status(&mut conn, &id, ActivityStatus::Held, None, today, &change()).unwrap();
    assert_eq!(held.activity.status, ActivityStatus::Held);
    assert_eq!(held.suggestions.len(), 1);
    assert_eq!(held.problems.len(), 1);

    let home = acts::branch_home(&conn, &branch, date(2026, 3, 20)).unwrap();
    let this_month = home.this_month.unwrap();
    assert_eq!(this_month.activity.id, id);
    assert!(this_month.missing.is_empty());
    assert_eq!(home.this_month_day.unwrap().date, date(2026, 3, 10));
    assert_eq!(home.open_suggestions.len(), 1);
    assert_eq!(home.open_problems.len(), 1);
    assert_eq!(home.recent.len(), 1);

    // Answering the suggestion closes it on the home page; it cannot go back to received.
    let answered = Suggestion {
        status: SuggestionStatus::Answered,
        response: "已报社区统一联系种苗站".into(),
        ..suggestion
    };
    let answered = acts::save_suggestion(&mut conn, answered, today).unwrap();
    let back = Suggestion {
        status: SuggestionStatus::Received,
        ..answered
    };
    assert_eq!(
        acts::save_suggestion(&mut conn, back, today)
            .unwrap_err()
            .code(),
        ErrorCode::Invalid
    );
    assert!(acts::branch_home(&conn, &branch, date(2026, 3, 20))
        .unwrap()
        .open_suggestions
        .is_empty());

    let counts =
        acts::ledger_counts(&conn, Some(&branch), date(2026, 1, 1), date(2026, 3, 31)).unwrap();
    assert_eq!(
        (
            counts.suggestions,
            counts.suggestions_answered,
            counts.problems,
            counts.problems_solved
        ),
        (1, 1, 1, 0)
    );
}

#[test]
fn editing_a_held_activity_is_audited() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let draft = ActivityDraft {
        steps: steps(true),
        ..march_draft(&conn, &branch)
    };
    let id = acts::plan_activity(&mut conn, draft.clone())
        .unwrap()
        .activity
        .id;
    let sheet = everyone_present(&conn, &id);
    acts::set_attendance(&mut conn, &id, &sheet, 0, &change()).unwrap();
    acts::change_status(
        &mut conn,
        &id,
        ActivityStatus::Held,
        None,
        today(),
        &change(),
    )
    .unwrap();
    let edited = ActivityDraft {
        topic: "春季育苗与病虫害防治".into(),
        kinds: vec![ActivityKind::StudyTraining, ActivityKind::OnSiteObservation],
        ..draft
    };
    let detail = acts::update_activity(&mut conn, &id, edited, &change()).unwrap();
    let topic_change = detail.audit.iter().find(|e| e.field == "topic").unwrap();
    assert_eq!(topic_change.before, "春季育苗技术培训");
    assert_eq!(topic_change.after, "春季育苗与病虫害防治");
    assert_eq!(topic_change.actor, "支部书记");
    let kinds_change = detail.audit.iter().find(|e| e.field == "kinds").unwrap();
    assert_eq!(kinds_change.before, "学习培训、技术讲座");
    assert_eq!(kinds_change.after, "学习培训、现场观摩");
    let audit_rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM activity_audit", [], |r| r.get(0))
        .unwrap();
    assert!(
        conn.execute("DELETE FROM activity_audit", []).is_err(),
        "the history is append-only"
    );
    assert!(conn
        .execute("UPDATE activity_audit SET actor = 'x'", [])
        .is_err());
    let still: i64 = conn
        .query_row("SELECT COUNT(*) FROM activity_audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(still, audit_rows);
}

#[test]
fn lifecycle_refusals_and_one_activity_per_day() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let draft = march_draft(&conn, &branch);
    let id = acts::plan_activity(&mut conn, draft.clone())
        .unwrap()
        .activity
        .id;
    assert_eq!(
        acts::plan_activity(&mut conn, draft).unwrap_err().code(),
        ErrorCode::Duplicate
    );

    let no_reason = ActivityStatus::Cancelled { reason: " ".into() };
    assert_eq!(
        acts::change_status(&mut conn, &id, no_reason, None, today(), &change())
            .unwrap_err()
            .code(),
        ErrorCode::Invalid
    );
    let earlier = ActivityStatus::Postponed {
        new_date: date(2026, 3, 1),
        reason: "下雨".into(),
    };
    assert_eq!(
        acts::change_status(&mut conn, &id, earlier, None, today(), &change())
            .unwrap_err()
            .code(),
        ErrorCode::Invalid
    );
    let later = ActivityStatus::Postponed {
        new_date: date(2026, 3, 19),
        reason: "下雨".into(),
    };
    acts::change_status(&mut conn, &id, later, None, today(), &change()).unwrap();
    let replanned = acts::change_status(
        &mut conn,
        &id,
        ActivityStatus::Planned,
        None,
        today(),
        &change(),
    )
    .unwrap();
    assert_eq!(
        replanned.activity.date,
        date(2026, 3, 19),
        "back to planned on its new date"
    );
    let cancelled = ActivityStatus::Cancelled {
        reason: "暴雪".into(),
    };
    acts::change_status(&mut conn, &id, cancelled, None, today(), &change()).unwrap();
    let err = acts::change_status(
        &mut conn,
        &id,
        ActivityStatus::Held,
        None,
        today(),
        &change(),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadTransition);
}

#[test]
fn held_only_once_its_day_has_come_and_set_back_with_a_reason() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let draft = ActivityDraft {
        steps: steps(true),
        ..march_draft(&conn, &branch)
    };
    let day = draft.date;
    assert_eq!(day, date(2026, 3, 10));
    let id = acts::plan_activity(&mut conn, draft).unwrap().activity.id;
    let sheet = everyone_present(&conn, &id);
    acts::set_attendance(&mut conn, &id, &sheet, 0, &change()).unwrap();

    // Day: 2026-03-09, the eve: everything is recorded, still it is not held yet.
    let eve = date(2026, 3, 9);
    let err = acts::change_status(&mut conn, &id, ActivityStatus::Held, None, eve, &change())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::BeforeItsDay);
    assert_eq!(
        branch_planner::ApiError::from(err).subject.as_deref(),
        Some("2026-03-10"),
        "the error names the day"
    );
    let still = acts::activity_detail(&conn, &id).unwrap();
    assert_eq!(still.activity.status, ActivityStatus::Planned);
    assert!(still.audit.is_empty(), "a refusal writes nothing");

    // Day: 2026-03-10, the day itself.
    acts::change_status(&mut conn, &id, ActivityStatus::Held, None, day, &change()).unwrap();
    let held_in_march = |conn: &Connection| {
        acts::activities_of_year(conn, &branch, 2026)
            .unwrap()
            .iter()
            .filter(|a| a.status == ActivityStatus::Held)
            .count()
    };
    assert_eq!(held_in_march(&conn), 1);

    for blank in ["", "  "] {
        let err = acts::set_back_held(&mut conn, &id, blank, &change()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid, "a reason is required");
    }
    let back =
        acts::set_back_held(&mut conn, &id, " 误点了已开展，活动改到下周 ", &change()).unwrap();
    assert_eq!(back.activity.status, ActivityStatus::Planned);
    assert_eq!(back.activity.date, day, "planned again on its day");
    assert!(back.missing.is_empty(), "records and attendance are kept");
    assert_eq!(held_in_march(&conn), 0, "no longer counted as held");
    let fields: Vec<(&str, &str, &str)> = back
        .audit
        .iter()
        .map(|e| (e.field.as_str(), e.before.as_str(), e.after.as_str()))
        .collect();
    assert!(
        fields.contains(&("status", "held", "planned")),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("setBackReason", "", "误点了已开展，活动改到下周")),
        "the reason is in the history, trimmed: {fields:?}"
    );
    assert!(back.audit.iter().all(|e| e.actor == "支部书记"));

    // Only a held activity is set back.
    let err = acts::set_back_held(&mut conn, &id, "再退一次", &change()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadTransition);
    // And it can be held again.
    let again =
        acts::change_status(&mut conn, &id, ActivityStatus::Held, None, day, &change()).unwrap();
    assert_eq!(again.activity.status, ActivityStatus::Held);
}

#[test]
fn attendance_is_checked_against_the_roll_of_the_day() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let draft = march_draft(&conn, &branch);
    let id = acts::plan_activity(&mut conn, draft).unwrap().activity.id;
    let mut sheet = everyone_present(&conn, &id);
    let outsider = reg::list_members(
        &conn,
        &MemberQuery {
            branch_id: Some(branch_id(&conn, "农机服务型党支部")),
            ..Default::default()
        },
    )
    .unwrap()[0]
        .id
        .clone();
    sheet.push(AttendanceEntry {
        member_id: outsider,
        present: true,
        absence_reason: None,
        note: String::new(),
    });
    let err = acts::set_attendance(&mut conn, &id, &sheet, 0, &change()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotOnRoll);
    sheet.pop();
    sheet[0].present = false;
    let err = acts::set_attendance(&mut conn, &id, &sheet, 0, &change()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "an absence needs a reason");
    let detail = acts::activity_detail(&conn, &id).unwrap();
    assert!(!detail.activity.attendance_taken, "nothing half-saved");
    assert!(detail.attendance.is_empty());

    // A member archived before the day is off the roll; one archived after stays on it.
    let before = acts::activity_detail(&conn, &id).unwrap().roll;
    let leaver = before
        .iter()
        .find(|m| m.seat.is_none())
        .unwrap()
        .member_id
        .clone();
    reg::archive_member(&mut conn, &leaver, date(2026, 3, 1)).unwrap();
    let roll = acts::activity_detail(&conn, &id).unwrap().roll;
    assert!(!roll.iter().any(|m| m.member_id == leaver));
    assert_eq!(roll.len(), before.len() - 1);

    // Members who joined the Party after the day are not on its roll.
    let all = reg::list_members(
        &conn,
        &MemberQuery {
            branch_id: Some(branch.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    for m in all
        .iter()
        .filter(|m| m.joined_on.is_some_and(|j| j > date(2026, 3, 10)))
    {
        assert!(
            !roll.iter().any(|r| r.member_id == m.id),
            "{} joined later",
            m.name
        );
    }
    let _ = today();
}

#[test]
fn a_date_outside_the_year_or_a_missing_topic_is_refused() {
    let (_dir, _path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let bad = ActivityDraft {
        topic: " ".into(),
        date: date(2026, 4, 2),
        ..march_draft(&conn, &branch)
    };
    let Err(Error::Invalid(fields)) = acts::plan_activity(&mut conn, bad) else {
        panic!("refused")
    };
    let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        names,
        ["topic", "date"],
        "the date is outside March, the activity day's month"
    );
}

#[test]
fn planner_activities_lists_the_year() {
    let (dir, path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    sched::save_day_plan(
        &mut conn,
        DayPlan {
            branch_id: branch.clone(),
            effective_from: "2026-01".into(),
            weekday: branch_planner::activity_week::Weekday::Thu,
            start_time: "08:30".into(),
            venue: String::new(),
        },
    )
    .unwrap();
    let draft = ActivityDraft {
        steps: steps(true),
        ..march_draft(&conn, &branch)
    };
    let id = acts::plan_activity(&mut conn, draft).unwrap().activity.id;
    let sheet = everyone_present(&conn, &id);
    acts::set_attendance(&mut conn, &id, &sheet, 3, &change()).unwrap();
    drop(conn);
    let json = planner_json(
        &[
            "activities",
            "--branch",
            &branch,
            "--year",
            "2026",
            "--json",
        ],
        &path,
    );
    let list = json["activities"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["stepsRecorded"], 3);
    assert_eq!(list[0]["attendanceRate"], 1.0);
    assert_eq!(list[0]["status"]["state"], "planned");
    drop(dir);
}

#[test]
fn a_member_on_a_sign_in_sheet_can_only_be_archived() {
    let (_dir, path, mut conn) = demo_db();
    let branch = branch_id(&conn, BRANCH);
    let draft = march_draft(&conn, &branch);
    let id = acts::plan_activity(&mut conn, draft).unwrap().activity.id;
    let sheet = everyone_present(&conn, &id);
    let signed = sheet
        .iter()
        .map(|e| reg::get_member(&conn, &e.member_id).unwrap())
        .find(|m| m.seat.is_none())
        .unwrap();
    acts::set_attendance(&mut conn, &id, &sheet, 0, &change()).unwrap();
    let err = reg::delete_member(&mut conn, &signed.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InUse, "{err}");
    assert!(
        Connection::open(&path)
            .unwrap()
            .query_row("SELECT 1 FROM member WHERE id = ?1", [&signed.id], |_| Ok(
                ()
            ))
            .is_ok(),
        "the member is still there"
    );
    let archived = reg::archive_member(&mut conn, &signed.id, today()).unwrap();
    assert_eq!(archived.archived_on, Some(today()));
}
