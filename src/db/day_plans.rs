//! Tables `day_plan` (a branch's fixed day from a month on) and `day_move` (manual moves).

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::filter::Where;
use crate::activity_week::Weekday;
use crate::day_plan::{DayMove, DayPlan};
use crate::error::Result;

fn plan_from_row(r: &Row) -> rusqlite::Result<DayPlan> {
    let weekday: String = r.get(2)?;
    Ok(DayPlan {
        branch_id: r.get(0)?,
        effective_from: r.get(1)?,
        weekday: Weekday::parse(&weekday).unwrap_or(Weekday::Wed),
        start_time: r.get(3)?,
        venue: r.get(4)?,
    })
}

const PLAN_COLUMNS: &str = "branch_id, effective_from, weekday, start_time, venue";

/// A branch's plans, oldest first.
pub fn plans_of(conn: &Connection, branch_id: &str) -> Result<Vec<DayPlan>> {
    let sql =
        format!("SELECT {PLAN_COLUMNS} FROM day_plan WHERE branch_id = ?1 ORDER BY effective_from");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([branch_id], plan_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every branch's plans of a community (or all, with `None`), oldest first per branch.
pub fn plans_in(conn: &Connection, community_id: Option<&str>) -> Result<Vec<DayPlan>> {
    let w = Where::new().and_some("b.community_id = ?", community_id);
    let sql = format!(
        "SELECT p.branch_id, p.effective_from, p.weekday, p.start_time, p.venue
         FROM day_plan p JOIN branch b ON b.id = p.branch_id {}
         ORDER BY p.branch_id, p.effective_from",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(w.params(1), plan_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds the plan, or replaces the one taking effect in the same month.
pub fn upsert_plan(tx: &Transaction, plan: &DayPlan) -> Result<()> {
    tx.execute(
        "INSERT INTO day_plan (branch_id, effective_from, weekday, start_time, venue)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (branch_id, effective_from) DO UPDATE SET
             weekday = excluded.weekday, start_time = excluded.start_time, venue = excluded.venue",
        params![
            plan.branch_id,
            plan.effective_from,
            plan.weekday.as_str(),
            plan.start_time,
            plan.venue
        ],
    )?;
    Ok(())
}

pub fn delete_plan(tx: &Transaction, branch_id: &str, effective_from: &str) -> Result<usize> {
    Ok(tx.execute(
        "DELETE FROM day_plan WHERE branch_id = ?1 AND effective_from = ?2",
        [branch_id, effective_from],
    )?)
}

fn move_from_row(r: &Row) -> rusqlite::Result<DayMove> {
    Ok(DayMove {
        branch_id: r.get(0)?,
        year: r.get(1)?,
        month: r.get(2)?,
        date: r.get(3)?,
        reason: r.get(4)?,
    })
}

/// Manual moves of a year, for one branch or (with `None`) every branch of a community or all.
pub fn moves_in(
    conn: &Connection,
    year: i32,
    branch_id: Option<&str>,
    community_id: Option<&str>,
) -> Result<Vec<DayMove>> {
    let w = Where::new()
        .and("m.year = ?", vec![Box::new(year)])
        .and_some("m.branch_id = ?", branch_id)
        .and_some("b.community_id = ?", community_id);
    let sql = format!(
        "SELECT m.branch_id, m.year, m.month, m.date, m.reason
         FROM day_move m JOIN branch b ON b.id = m.branch_id {}
         ORDER BY m.branch_id, m.month",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(w.params(1), move_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_move(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    month: u32,
) -> Result<Option<DayMove>> {
    Ok(conn
        .query_row(
            "SELECT branch_id, year, month, date, reason FROM day_move
             WHERE branch_id = ?1 AND year = ?2 AND month = ?3",
            params![branch_id, year, month],
            move_from_row,
        )
        .optional()?)
}

pub fn upsert_move(tx: &Transaction, m: &DayMove) -> Result<()> {
    tx.execute(
        "INSERT INTO day_move (branch_id, year, month, date, reason) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (branch_id, year, month) DO UPDATE SET date = excluded.date, reason = excluded.reason",
        params![m.branch_id, m.year, m.month, m.date, m.reason],
    )?;
    Ok(())
}

pub fn delete_move(tx: &Transaction, branch_id: &str, year: i32, month: u32) -> Result<usize> {
    Ok(tx.execute(
        "DELETE FROM day_move WHERE branch_id = ?1 AND year = ?2 AND month = ?3",
        params![branch_id, year, month],
    )?)
}
