//! 定规范 use cases: plan an activity, record its three steps, take attendance, move it through
//! its lifecycle, keep the ledgers; the branch home.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::activity::{
    attendance_rate, check_attendance, latest_postponed_day, missing_for_held, roster,
    transition_allowed, Activity, ActivityDraft, ActivityStatus, AttendanceEntry, HeldRequirement,
};
use crate::api::{schedule, study_plans};
use crate::db::activities::{self, AuditEntry};
use crate::db::ledgers::{self, LedgerFilter};
use crate::db::members::{self, MemberFilter};
use crate::db::{self, branches};
use crate::error::{Error, FieldRule, Result};
use crate::ledger::{Problem, ProblemStatus, Suggestion, SuggestionStatus};
use crate::org::CommitteeRole;

/// Who changes a held activity, and when: the shell passes the operator and the clock.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub actor: &'a str,
    pub at: NaiveDateTime,
}

/// A member on an activity's roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RollMember {
    pub member_id: String,
    pub name: String,
    pub seat: Option<CommitteeRole>,
}

/// Everything the activity page shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivityDetail {
    pub activity: Activity,
    /// The day it took place (or, not held yet, is planned for): [`Activity::took_place_on`].
    pub took_place_on: NaiveDate,
    pub branch_name: String,
    /// The branch's members on the activity's day.
    pub roll: Vec<RollMember>,
    pub attendance: Vec<AttendanceEntry>,
    pub attendance_rate: Option<f64>,
    /// What "held" still needs.
    pub missing: Vec<HeldRequirement>,
    pub suggestions: Vec<Suggestion>,
    pub problems: Vec<Problem>,
    pub audit: Vec<AuditEntry>,
}

/// One line of a branch's activity list (and of `planner activities`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivitySummary {
    pub id: String,
    pub month: Option<u32>,
    pub topic: String,
    pub kinds: Vec<crate::activity::ActivityKind>,
    /// The day it took place (or, not held yet, is planned for): [`Activity::took_place_on`].
    pub date: NaiveDate,
    /// The day it was planned for, when it took place on another (held after a postponement).
    pub planned_date: Option<NaiveDate>,
    pub start_time: String,
    pub status: ActivityStatus,
    pub steps_recorded: u32,
    pub attendance_rate: Option<f64>,
    pub suggestions: u32,
    pub problems: u32,
}

fn not_found(what: &'static str, id: &str) -> Error {
    Error::NotFound {
        what,
        id: id.to_owned(),
    }
}

fn get(conn: &Connection, id: &str) -> Result<Activity> {
    activities::get(conn, id)?.ok_or_else(|| not_found("activity", id))
}

pub fn activity_detail(conn: &Connection, id: &str) -> Result<ActivityDetail> {
    let activity = get(conn, id)?;
    let branch = branches::get(conn, &activity.branch_id)?
        .ok_or_else(|| not_found("branch", &activity.branch_id))?;
    let everyone = members::list(
        conn,
        &MemberFilter {
            branch_id: Some(&activity.branch_id),
            include_archived: true,
            ..Default::default()
        },
    )?;
    let roll = roster(&everyone, activity.date)
        .into_iter()
        .map(|m| RollMember {
            member_id: m.id.clone(),
            name: m.name.clone(),
            seat: m.seat,
        })
        .collect();
    let attendance = activities::attendance(conn, id)?;
    let filter = LedgerFilter {
        activity_id: Some(id),
        ..Default::default()
    };
    Ok(ActivityDetail {
        attendance_rate: if activity.attendance_taken {
            attendance_rate(&attendance)
        } else {
            None
        },
        missing: missing_for_held(&steps_of(&activity), activity.attendance_taken),
        suggestions: ledgers::suggestions(conn, &filter)?,
        problems: ledgers::problems(conn, &filter)?,
        audit: activities::audit(conn, id)?,
        took_place_on: activity.took_place_on(),
        branch_name: branch.name,
        roll,
        attendance,
        activity,
    })
}

fn steps_of(a: &Activity) -> Vec<(crate::activity::Step, crate::activity::StepEntry)> {
    a.steps.iter().map(|s| (s.step, s.entry.clone())).collect()
}

/// A draft for a branch's activity day, filled from its schedule (date, time, venue) and the
/// community's study topic of the month.
pub fn draft_for_day(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    month: u32,
) -> Result<ActivityDraft> {
    let day = schedule::branch_year(conn, branch_id, year)?
        .days
        .into_iter()
        .find(|d| d.month == month)
        .ok_or_else(|| Error::invalid("month", FieldRule::BadChoice))?;
    let mut draft = ActivityDraft {
        branch_id: branch_id.to_owned(),
        month: Some(month),
        topic: String::new(),
        kinds: Vec::new(),
        date: day.date,
        start_time: day.start_time,
        venue: day.venue,
        leader: String::new(),
        steps: Vec::new(),
    };
    // The committee's study topic for the month, when it set one, starts the plan.
    if let Some(topic) = study_plans::topic_for_branch(conn, branch_id, year, month)? {
        crate::study_plan::fill_empty(&mut draft, &topic);
    }
    Ok(draft)
}

/// One activity per activity day: refuses a draft for a month whose day already has one.
fn ensure_day_is_free(conn: &Connection, draft: &ActivityDraft) -> Result<()> {
    let Some(month) = draft.month else {
        return Ok(());
    };
    if activities::of_day(conn, &draft.branch_id, draft.date.year(), month)?.is_some() {
        return Err(Error::Duplicate {
            what: "activity of this activity day",
            name: format!("{month}"),
        });
    }
    Ok(())
}

/// Plans a new activity. One per activity day: a second plan for the same month is refused.
pub fn plan_activity(conn: &mut Connection, draft: ActivityDraft) -> Result<ActivityDetail> {
    let draft = draft.validated()?;
    branches::get(conn, &draft.branch_id)?.ok_or_else(|| not_found("branch", &draft.branch_id))?;
    ensure_day_is_free(conn, &draft)?;
    let activity = Activity::planned(db::new_id(), draft);
    let tx = conn.transaction()?;
    activities::save(&tx, &activity)?;
    tx.commit()?;
    activity_detail(conn, &activity.id)
}

/// Edits an activity's plan and records. Editing a held activity is allowed and leaves one
/// audit entry per changed field.
pub fn update_activity(
    conn: &mut Connection,
    id: &str,
    draft: ActivityDraft,
    change: &Change,
) -> Result<ActivityDetail> {
    let draft = draft.validated()?;
    let before = get(conn, id)?;
    if draft.branch_id != before.branch_id {
        return Err(Error::invalid("branchId", FieldRule::BadChoice));
    }
    // Held after a postponement, it took place on its held day; the day it was planned for is
    // history and stays (the held day is never before it).
    if before.held_on.is_some() && draft.date != before.date {
        return Err(Error::invalid("date", FieldRule::BadChoice));
    }
    if draft.month != before.month {
        ensure_day_is_free(conn, &draft)?;
    }
    let after = Activity {
        year: draft.date.year(),
        month: draft.month,
        topic: draft.topic,
        kinds: draft.kinds,
        date: draft.date,
        start_time: draft.start_time,
        venue: draft.venue,
        leader: draft.leader,
        steps: draft.steps,
        ..before.clone()
    };
    let tx = conn.transaction()?;
    if before.status == ActivityStatus::Held {
        for entry in differences(&before, &after, change) {
            activities::append_audit(&tx, id, &entry)?;
        }
    }
    activities::save(&tx, &after)?;
    tx.commit()?;
    activity_detail(conn, id)
}

/// Kinds as the audit history shows them: 学习培训、技术讲座.
fn kind_labels(kinds: &[crate::activity::ActivityKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label_zh())
        .collect::<Vec<_>>()
        .join("、")
}

/// The fields that differ, as audit entries.
fn differences(before: &Activity, after: &Activity, change: &Change) -> Vec<AuditEntry> {
    let mut fields: Vec<(String, String, String)> = vec![
        ("topic".into(), before.topic.clone(), after.topic.clone()),
        (
            "kinds".into(),
            kind_labels(&before.kinds),
            kind_labels(&after.kinds),
        ),
        (
            "date".into(),
            before.date.to_string(),
            after.date.to_string(),
        ),
        (
            "startTime".into(),
            before.start_time.clone(),
            after.start_time.clone(),
        ),
        ("venue".into(), before.venue.clone(), after.venue.clone()),
        ("leader".into(), before.leader.clone(), after.leader.clone()),
    ];
    for (old, new) in before.steps.iter().zip(&after.steps) {
        let name = old.step.as_str();
        let (o, n) = (&old.entry, &new.entry);
        fields.push((
            format!("{name}.recordDone"),
            o.record_done.clone(),
            n.record_done.clone(),
        ));
        fields.push((
            format!("{name}.recordNotes"),
            o.record_notes.clone(),
            n.record_notes.clone(),
        ));
        fields.push((
            format!("{name}.planContent"),
            o.plan_content.clone(),
            n.plan_content.clone(),
        ));
    }
    fields
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(field, before, after)| AuditEntry {
            at: change.at,
            actor: change.actor.to_owned(),
            field,
            before,
            after,
        })
        .collect()
}

/// Takes attendance: one entry per member on the roll (anyone left out counts as not taken
/// yet is refused — the sheet must be complete), plus the residents who came.
pub fn set_attendance(
    conn: &mut Connection,
    id: &str,
    entries: &[AttendanceEntry],
    residents_present: u32,
    change: &Change,
) -> Result<ActivityDetail> {
    let activity = get(conn, id)?;
    let everyone = members::list(
        conn,
        &MemberFilter {
            branch_id: Some(&activity.branch_id),
            include_archived: true,
            ..Default::default()
        },
    )?;
    let roll = roster(&everyone, activity.date);
    check_attendance(entries, &roll)?;
    if entries.len() != roll.len() {
        return Err(Error::invalid("attendance", FieldRule::Required));
    }
    let before = activities::attendance(conn, id)?;
    let tx = conn.transaction()?;
    if activity.status == ActivityStatus::Held {
        let count = |list: &[AttendanceEntry]| {
            format!(
                "{}/{}",
                list.iter().filter(|e| e.present).count(),
                list.len()
            )
        };
        let audit = [
            ("attendance", count(&before), count(entries)),
            (
                "residentsPresent",
                activity.residents_present.to_string(),
                residents_present.to_string(),
            ),
        ];
        for (field, b, a) in audit.into_iter().filter(|(_, b, a)| b != a) {
            let entry = AuditEntry {
                at: change.at,
                actor: change.actor.to_owned(),
                field: field.into(),
                before: b,
                after: a,
            };
            activities::append_audit(&tx, id, &entry)?;
        }
    }
    activities::replace_attendance(&tx, id, entries)?;
    let updated = Activity {
        residents_present,
        attendance_taken: true,
        ..activity
    };
    activities::save(&tx, &updated)?;
    tx.commit()?;
    activity_detail(conn, id)
}

/// Moves an activity through its lifecycle on `today`. "Held" needs every step recorded and
/// attendance taken; a postponed activity is held on `held_on` — by default the day it was
/// postponed to — checked by [`crate::activity::held_on`] (not before the day it was planned
/// for, not after today, at most three months later) and kept as the day it took place.
/// Postponing needs a later date (at most three months later) and a reason; cancelling needs
/// a reason.
pub fn change_status(
    conn: &mut Connection,
    id: &str,
    status: ActivityStatus,
    held_on: Option<NaiveDate>,
    today: NaiveDate,
    change: &Change,
) -> Result<ActivityDetail> {
    let activity = get(conn, id)?;
    if !transition_allowed(&activity.status, &status) {
        return Err(Error::BadTransition {
            from: activity.status.name(),
            to: status.name(),
        });
    }
    // A held day goes with "held" only: given with anything else it is refused, not dropped.
    if held_on.is_some() && status != ActivityStatus::Held {
        return Err(Error::invalid("heldOn", FieldRule::BadChoice));
    }
    let mut updated = activity.clone();
    match &status {
        ActivityStatus::Held => {
            let missing = missing_for_held(&steps_of(&activity), activity.attendance_taken);
            if !missing.is_empty() {
                return Err(Error::NotReadyToHold(missing));
            }
            updated.held_on = crate::activity::held_on(&activity, held_on, today)?;
        }
        ActivityStatus::Postponed { new_date, reason } => {
            if reason.trim().is_empty() {
                return Err(Error::invalid("reason", FieldRule::Required));
            }
            if *new_date <= activity.date || *new_date > latest_postponed_day(activity.date) {
                return Err(Error::invalid("newDate", FieldRule::BadDate));
            }
        }
        ActivityStatus::Cancelled { reason } if reason.trim().is_empty() => {
            return Err(Error::invalid("reason", FieldRule::Required));
        }
        ActivityStatus::Planned => {
            // Back from postponed: the activity now takes place on its new date.
            if let ActivityStatus::Postponed { new_date, .. } = &activity.status {
                updated.date = *new_date;
                updated.year = new_date.year();
            }
        }
        ActivityStatus::Cancelled { .. } => {}
    }
    updated.status = status;
    let tx = conn.transaction()?;
    let entry = AuditEntry {
        at: change.at,
        actor: change.actor.to_owned(),
        field: "status".into(),
        before: activity.status.name().into(),
        after: updated.status.name().into(),
    };
    activities::append_audit(&tx, id, &entry)?;
    if let Some(day) = updated.held_on {
        // The history keeps both days: planned for, took place on.
        let entry = AuditEntry {
            field: "heldOn".into(),
            before: activity.date.to_string(),
            after: day.to_string(),
            ..entry
        };
        activities::append_audit(&tx, id, &entry)?;
    }
    activities::save(&tx, &updated)?;
    tx.commit()?;
    activity_detail(conn, id)
}

/// Sets back an activity marked held by mistake: it is planned again on the day it was planned
/// for (a held day after a postponement is dropped; postpone it again if needed), its records
/// and attendance stay, and the history keeps who set it back, when and why. `reason` is
/// required: a held activity counts in the branch's figures, so undoing that is explained.
pub fn set_back_held(
    conn: &mut Connection,
    id: &str,
    reason: &str,
    change: &Change,
) -> Result<ActivityDetail> {
    let activity = get(conn, id)?;
    if activity.status != ActivityStatus::Held {
        return Err(Error::BadTransition {
            from: activity.status.name(),
            to: ActivityStatus::Planned.name(),
        });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", FieldRule::Required));
    }
    if reason.chars().count() > SET_BACK_REASON_MAX {
        return Err(Error::invalid("reason", FieldRule::TooLong));
    }
    let updated = Activity {
        status: ActivityStatus::Planned,
        held_on: None,
        ..activity.clone()
    };
    let entry = |field: &str, before: String, after: String| AuditEntry {
        at: change.at,
        actor: change.actor.to_owned(),
        field: field.into(),
        before,
        after,
    };
    let tx = conn.transaction()?;
    activities::append_audit(&tx, id, &entry("status", "held".into(), "planned".into()))?;
    activities::append_audit(
        &tx,
        id,
        &entry("setBackReason", String::new(), reason.into()),
    )?;
    if let Some(day) = activity.held_on {
        activities::append_audit(&tx, id, &entry("heldOn", day.to_string(), String::new()))?;
    }
    activities::save(&tx, &updated)?;
    tx.commit()?;
    activity_detail(conn, id)
}

/// The longest reason for setting a held activity back (the status modal's box).
pub const SET_BACK_REASON_MAX: usize = 200;

/// A branch's activities of a year with their step, attendance and ledger counts.
pub fn activities_of_year(
    conn: &Connection,
    branch_id: &str,
    year: i32,
) -> Result<Vec<ActivitySummary>> {
    branches::get(conn, branch_id)?.ok_or_else(|| not_found("branch", branch_id))?;
    activities::of_branch_year(conn, branch_id, year)?
        .into_iter()
        .map(|a| summary(conn, a))
        .collect()
}

/// An activity as one line of a list: dated by the day it took place.
pub fn summary(conn: &Connection, a: Activity) -> Result<ActivitySummary> {
    let filter = LedgerFilter {
        activity_id: Some(&a.id),
        ..Default::default()
    };
    let attendance = activities::attendance(conn, &a.id)?;
    let date = a.took_place_on();
    Ok(ActivitySummary {
        steps_recorded: a.steps.iter().filter(|s| s.entry.is_recorded()).count() as u32,
        attendance_rate: if a.attendance_taken {
            attendance_rate(&attendance)
        } else {
            None
        },
        suggestions: ledgers::suggestions(conn, &filter)?.len() as u32,
        problems: ledgers::problems(conn, &filter)?.len() as u32,
        planned_date: (a.date != date).then_some(a.date),
        date,
        id: a.id,
        month: a.month,
        topic: a.topic,
        kinds: a.kinds,
        start_time: a.start_time,
        status: a.status,
    })
}

/// Adds (empty `id`) or edits a suggestion; its status only moves forward.
pub fn save_suggestion(
    conn: &mut Connection,
    suggestion: Suggestion,
    today: NaiveDate,
) -> Result<Suggestion> {
    let mut s = suggestion.validated(today)?;
    branches::get(conn, &s.branch_id)?.ok_or_else(|| not_found("branch", &s.branch_id))?;
    check_activity_link(conn, s.activity_id.as_deref(), &s.branch_id)?;
    if s.id.is_empty() {
        s.id = db::new_id();
    } else {
        let old =
            ledgers::get_suggestion(conn, &s.id)?.ok_or_else(|| not_found("suggestion", &s.id))?;
        if !old.status.can_become(s.status) {
            return Err(Error::invalid("status", FieldRule::BadChoice));
        }
    }
    let tx = conn.transaction()?;
    ledgers::save_suggestion(&tx, &s)?;
    tx.commit()?;
    Ok(s)
}

/// Adds (empty `id`) or edits a resident's problem; its status only moves forward.
pub fn save_problem(conn: &mut Connection, problem: Problem, today: NaiveDate) -> Result<Problem> {
    let mut p = problem.validated(today)?;
    branches::get(conn, &p.branch_id)?.ok_or_else(|| not_found("branch", &p.branch_id))?;
    check_activity_link(conn, p.activity_id.as_deref(), &p.branch_id)?;
    if p.id.is_empty() {
        p.id = db::new_id();
    } else {
        let old = ledgers::get_problem(conn, &p.id)?.ok_or_else(|| not_found("problem", &p.id))?;
        if !old.status.can_become(p.status) {
            return Err(Error::invalid("status", FieldRule::BadChoice));
        }
    }
    let tx = conn.transaction()?;
    ledgers::save_problem(&tx, &p)?;
    tx.commit()?;
    Ok(p)
}

fn check_activity_link(
    conn: &Connection,
    activity_id: Option<&str>,
    branch_id: &str,
) -> Result<()> {
    if let Some(id) = activity_id {
        if get(conn, id)?.branch_id != branch_id {
            return Err(Error::invalid("activityId", FieldRule::BadChoice));
        }
    }
    Ok(())
}

pub fn suggestions_of(conn: &Connection, branch_id: &str) -> Result<Vec<Suggestion>> {
    ledgers::suggestions(
        conn,
        &LedgerFilter {
            branch_id: Some(branch_id),
            ..Default::default()
        },
    )
}

pub fn problems_of(conn: &Connection, branch_id: &str) -> Result<Vec<Problem>> {
    ledgers::problems(
        conn,
        &LedgerFilter {
            branch_id: Some(branch_id),
            ..Default::default()
        },
    )
}

/// Ledger counts of a branch over a period (inclusive).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LedgerCounts {
    pub suggestions: u32,
    pub suggestions_answered: u32,
    pub problems: u32,
    pub problems_solved: u32,
}

pub fn ledger_counts(
    conn: &Connection,
    branch_id: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<LedgerCounts> {
    let filter = LedgerFilter {
        branch_id,
        from: Some(from),
        to: Some(to),
        ..Default::default()
    };
    let suggestions = ledgers::suggestions(conn, &filter)?;
    let problems = ledgers::problems(conn, &filter)?;
    Ok(LedgerCounts {
        suggestions: suggestions.len() as u32,
        suggestions_answered: suggestions
            .iter()
            .filter(|s| s.status != SuggestionStatus::Received)
            .count() as u32,
        problems: problems.len() as u32,
        problems_solved: problems
            .iter()
            .filter(|p| p.status == ProblemStatus::Solved)
            .count() as u32,
    })
}

/// The branch home: this month's activity day and activity with its checklist, the last three
/// months' activities, and the open ledger entries.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BranchHome {
    pub branch_id: String,
    pub this_month_day: Option<schedule::ScheduledDay>,
    pub this_month: Option<ActivityDetail>,
    pub recent: Vec<ActivitySummary>,
    pub open_suggestions: Vec<Suggestion>,
    pub open_problems: Vec<Problem>,
}

pub fn branch_home(conn: &Connection, branch_id: &str, today: NaiveDate) -> Result<BranchHome> {
    let (year, month) = (today.year(), today.month());
    let this_month_day = schedule::branch_year(conn, branch_id, year)?
        .days
        .into_iter()
        .find(|d| d.month == month);
    let this_month = match activities::of_day(conn, branch_id, year, month)? {
        Some(a) => Some(activity_detail(conn, &a.id)?),
        None => None,
    };
    let three_months_ago = today
        .checked_sub_months(chrono::Months::new(3))
        .unwrap_or(today);
    let mut recent = Vec::new();
    for y in [year - 1, year] {
        recent.extend(
            activities_of_year(conn, branch_id, y)?
                .into_iter()
                .filter(|a| a.date >= three_months_ago && a.date <= today),
        );
    }
    recent.sort_by_key(|a| std::cmp::Reverse(a.date));
    Ok(BranchHome {
        branch_id: branch_id.to_owned(),
        this_month_day,
        this_month,
        recent,
        open_suggestions: suggestions_of(conn, branch_id)?
            .into_iter()
            .filter(|s| s.status == SuggestionStatus::Received)
            .collect(),
        open_problems: problems_of(conn, branch_id)?
            .into_iter()
            .filter(|p| p.status == ProblemStatus::Open)
            .collect(),
    })
}
