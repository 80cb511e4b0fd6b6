//! The activity aggregate: tables `activity`, `activity_step`, `attendance`, `activity_audit`.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::activity::{
    AbsenceReason, Activity, ActivityKind, ActivityStatus, ActivityStep, AttendanceEntry,
    PracticeForm, Step, StepEntry,
};
use crate::error::Result;

const COLUMNS: &str = "id, branch_id, year, month, topic, kinds, date, start_time, venue, leader,
                       status, status_reason, postponed_to, residents_present, attendance_taken,
                       held_on";

/// The text of [`TOOK_PLACE_ON`], for `concat!`.
macro_rules! took_place_on {
    () => {
        "(CASE WHEN status = 'held' THEN COALESCE(held_on, date) ELSE date END)"
    };
}

/// The day an activity took place, in SQL over the `activity` row — the rule of
/// [`crate::activity::Activity::took_place_on`] as the rows are read (a held day counts for a
/// held activity only: the held day of one held after a postponement, else `date`). Indexed by
/// migration 0013 with this very text, which a query must repeat for the index to serve it.
pub const TOOK_PLACE_ON: &str = took_place_on!();

/// `TOOK_PLACE_ON BETWEEN ? AND ?`: the activities that took place in a range of days.
pub const TOOK_PLACE_BETWEEN: &str = concat!(took_place_on!(), " BETWEEN ? AND ?");

/// Kinds and forms are stored as comma-joined names.
pub fn join<T>(items: &[T], name: impl Fn(&T) -> &'static str) -> String {
    items.iter().map(name).collect::<Vec<_>>().join(",")
}

fn from_row(r: &Row) -> rusqlite::Result<Activity> {
    let kinds: String = r.get(5)?;
    let status: String = r.get(10)?;
    let reason: String = r.get(11)?;
    let held = status == "held";
    let status = match status.as_str() {
        "held" => ActivityStatus::Held,
        "cancelled" => ActivityStatus::Cancelled { reason },
        "postponed" => match r.get(12)? {
            Some(new_date) => ActivityStatus::Postponed { new_date, reason },
            None => ActivityStatus::Planned,
        },
        _ => ActivityStatus::Planned,
    };
    Ok(Activity {
        id: r.get(0)?,
        branch_id: r.get(1)?,
        year: r.get(2)?,
        month: r.get(3)?,
        topic: r.get(4)?,
        kinds: kinds.split(',').filter_map(ActivityKind::parse).collect(),
        date: r.get(6)?,
        start_time: r.get(7)?,
        venue: r.get(8)?,
        leader: r.get(9)?,
        status,
        // A held day belongs to a held activity only (a row written by an older exchange file
        // may have kept one under another status).
        held_on: if held { r.get(15)? } else { None },
        residents_present: r.get(13)?,
        attendance_taken: r.get(14)?,
        steps: Vec::new(),
    })
}

fn with_steps(conn: &Connection, mut activity: Activity) -> Result<Activity> {
    let mut stmt = conn.prepare_cached(
        "SELECT step, plan_content, plan_leader, plan_materials, plan_minutes, practice_forms,
                record_done, record_notes
         FROM activity_step WHERE activity_id = ?1",
    )?;
    let rows = stmt.query_map([&activity.id], |r| {
        let step: String = r.get(0)?;
        let forms: String = r.get(5)?;
        Ok((
            step,
            StepEntry {
                plan_content: r.get(1)?,
                plan_leader: r.get(2)?,
                plan_materials: r.get(3)?,
                plan_minutes: r.get(4)?,
                practice_forms: forms.split(',').filter_map(PracticeForm::parse).collect(),
                record_done: r.get(6)?,
                record_notes: r.get(7)?,
            },
        ))
    })?;
    let mut found: Vec<(String, StepEntry)> = rows.collect::<Result<_, _>>()?;
    activity.steps = Step::ALL
        .into_iter()
        .map(|step| {
            let entry = found
                .iter()
                .position(|(s, _)| s == step.as_str())
                .map(|i| found.swap_remove(i).1)
                .unwrap_or_default();
            ActivityStep { step, entry }
        })
        .collect();
    Ok(activity)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Activity>> {
    let sql = format!("SELECT {COLUMNS} FROM activity WHERE id = ?1");
    match conn.query_row(&sql, [id], from_row).optional()? {
        Some(activity) => Ok(Some(with_steps(conn, activity)?)),
        None => Ok(None),
    }
}

/// The activity of a branch's activity day, if planned.
pub fn of_day(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    month: u32,
) -> Result<Option<Activity>> {
    let sql =
        format!("SELECT {COLUMNS} FROM activity WHERE branch_id = ?1 AND year = ?2 AND month = ?3");
    match conn
        .query_row(&sql, params![branch_id, year, month], from_row)
        .optional()?
    {
        Some(activity) => Ok(Some(with_steps(conn, activity)?)),
        None => Ok(None),
    }
}

/// A branch's activities of a year (of its activity days' year), by the day they took place.
pub fn of_branch_year(conn: &Connection, branch_id: &str, year: i32) -> Result<Vec<Activity>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM activity WHERE branch_id = ?1 AND year = ?2
         ORDER BY {TOOK_PLACE_ON}, start_time"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![branch_id, year], from_row)?;
    let activities: Vec<Activity> = rows.collect::<Result<_, _>>()?;
    activities
        .into_iter()
        .map(|a| with_steps(conn, a))
        .collect()
}

/// A branch's activities that took place (or, not held, are planned) between `from` and `to`
/// inclusive, by [`crate::activity::Activity::took_place_on`], whatever year their activity
/// day is of: a quarter's activities for its fact sheet. By that day, then start time.
pub fn took_place_between(
    conn: &Connection,
    branch_id: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<Activity>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM activity
         WHERE branch_id = ? AND {TOOK_PLACE_BETWEEN}
         ORDER BY {TOOK_PLACE_ON}, start_time, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![branch_id, from, to], from_row)?;
    let activities: Vec<Activity> = rows.collect::<Result<_, _>>()?;
    activities
        .into_iter()
        .map(|a| with_steps(conn, a))
        .collect()
}

/// The activities held at a demonstration point (whose venue is the point), by date.
pub fn at_point(conn: &Connection, point_id: &str) -> Result<Vec<Activity>> {
    let sql =
        format!("SELECT {COLUMNS} FROM activity WHERE point_id = ?1 ORDER BY {TOOK_PLACE_ON}, start_time, id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([point_id], from_row)?;
    let activities: Vec<Activity> = rows.collect::<Result<_, _>>()?;
    activities
        .into_iter()
        .map(|a| with_steps(conn, a))
        .collect()
}

/// The demonstration point an activity takes place at, if any.
pub fn point_of(conn: &Connection, activity_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT point_id FROM activity WHERE id = ?1",
            [activity_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// Makes a demonstration point the activity's venue, or none.
pub fn set_point(tx: &Transaction, activity_id: &str, point_id: Option<&str>) -> Result<()> {
    tx.execute(
        "UPDATE activity SET point_id = ?2 WHERE id = ?1",
        params![activity_id, point_id],
    )?;
    Ok(())
}

/// Inserts or replaces the activity row and its three steps (attendance is separate).
pub fn save(tx: &Transaction, a: &Activity) -> Result<()> {
    let (status_reason, postponed_to) = match &a.status {
        ActivityStatus::Postponed { new_date, reason } => (reason.clone(), Some(*new_date)),
        ActivityStatus::Cancelled { reason } => (reason.clone(), None),
        _ => (String::new(), None),
    };
    let held_on = match a.status {
        ActivityStatus::Held => a.held_on,
        _ => None,
    };
    tx.execute(
        "INSERT INTO activity (id, branch_id, year, month, topic, kinds, date, start_time, venue,
                               leader, status, status_reason, postponed_to, residents_present,
                               attendance_taken, held_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT (id) DO UPDATE SET
             year = excluded.year, month = excluded.month, topic = excluded.topic,
             kinds = excluded.kinds, date = excluded.date, start_time = excluded.start_time,
             venue = excluded.venue, leader = excluded.leader, status = excluded.status,
             status_reason = excluded.status_reason, postponed_to = excluded.postponed_to,
             residents_present = excluded.residents_present,
             attendance_taken = excluded.attendance_taken, held_on = excluded.held_on",
        params![
            a.id,
            a.branch_id,
            a.year,
            a.month,
            a.topic,
            join(&a.kinds, |k| k.as_str()),
            a.date,
            a.start_time,
            a.venue,
            a.leader,
            a.status.name(),
            status_reason,
            postponed_to,
            a.residents_present,
            a.attendance_taken,
            held_on
        ],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO activity_step (activity_id, step, plan_content, plan_leader, plan_materials,
                                    plan_minutes, practice_forms, record_done, record_notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (activity_id, step) DO UPDATE SET
             plan_content = excluded.plan_content, plan_leader = excluded.plan_leader,
             plan_materials = excluded.plan_materials, plan_minutes = excluded.plan_minutes,
             practice_forms = excluded.practice_forms, record_done = excluded.record_done,
             record_notes = excluded.record_notes",
    )?;
    for s in &a.steps {
        let e = &s.entry;
        stmt.execute(params![
            a.id,
            s.step.as_str(),
            e.plan_content,
            e.plan_leader,
            e.plan_materials,
            e.plan_minutes,
            join(&e.practice_forms, |f| f.as_str()),
            e.record_done,
            e.record_notes
        ])?;
    }
    Ok(())
}

pub fn attendance(conn: &Connection, activity_id: &str) -> Result<Vec<AttendanceEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id, present, absence_reason, note FROM attendance WHERE activity_id = ?1",
    )?;
    let rows = stmt.query_map([activity_id], |r| {
        let reason: Option<String> = r.get(2)?;
        Ok(AttendanceEntry {
            member_id: r.get(0)?,
            present: r.get(1)?,
            absence_reason: reason.as_deref().and_then(AbsenceReason::parse),
            note: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether any sign-in sheet names the member (then the member can only be archived).
pub fn attendance_names_member(conn: &Connection, member_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM attendance WHERE member_id = ?1 LIMIT 1",
            [member_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn replace_attendance(
    tx: &Transaction,
    activity_id: &str,
    entries: &[AttendanceEntry],
) -> Result<()> {
    tx.execute(
        "DELETE FROM attendance WHERE activity_id = ?1",
        [activity_id],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO attendance (activity_id, member_id, present, absence_reason, note)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in entries {
        let reason = if e.present {
            None
        } else {
            e.absence_reason.map(AbsenceReason::as_str)
        };
        stmt.execute(params![activity_id, e.member_id, e.present, reason, e.note])?;
    }
    Ok(())
}

/// One change to a held activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditEntry {
    pub at: NaiveDateTime,
    pub actor: String,
    pub field: String,
    pub before: String,
    pub after: String,
}

pub fn audit(conn: &Connection, activity_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, actor, field, before, after FROM activity_audit WHERE activity_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([activity_id], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            actor: r.get(1)?,
            field: r.get(2)?,
            before: r.get(3)?,
            after: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn append_audit(tx: &Transaction, activity_id: &str, entry: &AuditEntry) -> Result<()> {
    tx.execute(
        "INSERT INTO activity_audit (activity_id, at, actor, field, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            activity_id,
            entry.at,
            entry.actor,
            entry.field,
            entry.before,
            entry.after
        ],
    )?;
    Ok(())
}
