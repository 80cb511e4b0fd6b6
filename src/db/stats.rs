//! The statistics queries: each counts once per branch and month (`YYYY-MM` of the date that
//! puts a record in the period) for the branches of a scope, so one pass serves the total, the
//! breakdown by community or branch and the trend by month.

use std::collections::HashMap;

use rusqlite::{Connection, ToSql};

use super::activities::{TOOK_PLACE_BETWEEN, TOOK_PLACE_ON};
use super::filter::Where;

use crate::error::Result;
use crate::stats::{count_kinds, Counts, Period};

/// Which branches: each `None` matches everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatsScope<'a> {
    pub town_id: Option<&'a str>,
    pub community_id: Option<&'a str>,
    pub branch_id: Option<&'a str>,
}

/// Counts keyed by (branch id, "YYYY-MM").
pub type BranchMonths = HashMap<(String, String), Counts>;

/// The scope's branches as conditions on the record's `x.branch_id`: subqueries rather than
/// joins, so a whole city's period reads only its own rows, found by date.
fn in_scope(scope: StatsScope<'_>) -> Where<'_> {
    Where::new()
        .and_some(
            "x.branch_id IN (SELECT b.id FROM branch b JOIN community c ON c.id = b.community_id
                             WHERE c.town_id = ?)",
            scope.town_id,
        )
        .and_some(
            "x.branch_id IN (SELECT b.id FROM branch b WHERE b.community_id = ?)",
            scope.community_id,
        )
        .and_some("x.branch_id = ?", scope.branch_id)
}

/// The scope, then `dated` (a condition on the record with two `?`s) for the period, then
/// `extra`.
fn scope_where<'a>(
    scope: StatsScope<'a>,
    period: Period,
    dated: &'static str,
    extra: Option<&'static str>,
) -> Where<'a> {
    let w = in_scope(scope).and(dated, vec![Box::new(period.from), Box::new(period.to)]);
    match extra {
        Some(condition) => w.and(condition, Vec::new()),
        None => w,
    }
}

/// Runs `select` (whose own `?`s take `lead`) over `from` (the record as `x`) filtered by
/// `filter`, grouped by its first columns (branch id, month), and lets `add` put each row's
/// numbers into its branch-month.
fn each_row(
    conn: &Connection,
    (select, lead): (&str, &[&dyn ToSql]),
    from: &str,
    group: &str,
    filter: Where,
    into: &mut BranchMonths,
    add: impl Fn(&rusqlite::Row, &mut Counts) -> rusqlite::Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT {select} FROM {from} x {} GROUP BY {group}",
        filter.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(filter.params_after(lead))?;
    while let Some(row) = rows.next()? {
        let key = (row.get::<_, String>(0)?, row.get::<_, String>(1)?);
        add(row, into.entry(key).or_default())?;
    }
    Ok(())
}

/// Everything but the scheduled days (the schedule is computed, not stored).
pub fn branch_months(conn: &Connection, period: Period, scope: StatsScope) -> Result<BranchMonths> {
    let mut out = BranchMonths::new();
    // The attendance and three-step figures come from the counts each activity keeps
    // (migration 0009), so a period reads only its activity rows. A held activity counts on
    // the day it took place (`TOOK_PLACE_ON`: an activity postponed and then held, on the day
    // it was held). It counts as its activity day held when that day was due in the period
    // too (its planned `date`): the March day held on 2 April is an activity held in April and
    // in the second quarter, but no activity day held in either — April's day is April's — and
    // not one held in March or the first quarter either, as the quarter's fact sheet judges.
    let activity_select = format!(
        "x.branch_id, substr({TOOK_PLACE_ON}, 1, 7), x.kinds, COUNT(*),
         SUM(x.month IS NOT NULL AND x.date BETWEEN ? AND ?),
         SUM(x.residents_present), SUM(x.steps_recorded = 3), SUM(x.present_count),
         SUM(x.roll_count)"
    );
    each_row(
        conn,
        (&activity_select, &[&period.from, &period.to]),
        "activity",
        "1, 2, 3",
        scope_where(scope, period, TOOK_PLACE_BETWEEN, Some("x.status = 'held'")),
        &mut out,
        |r, c| {
            let n: u32 = r.get(3)?;
            count_kinds(&r.get::<_, String>(2)?, n, &mut c.by_kind);
            c.held += n;
            c.days_held += r.get::<_, u32>(4)?;
            c.residents += r.get::<_, u32>(5)?;
            c.three_steps += r.get::<_, u32>(6)?;
            c.present += r.get::<_, u32>(7)?;
            c.on_sheets += r.get::<_, u32>(8)?;
            Ok(())
        },
    )?;
    each_row(
        conn,
        ("x.branch_id, substr(x.created_on, 1, 7), COUNT(*)", &[]),
        "demo_point",
        "1, 2",
        scope_where(scope, period, "x.created_on BETWEEN ? AND ?", None),
        &mut out,
        |r, c| {
            c.points_created += r.get::<_, u32>(2)?;
            Ok(())
        },
    )?;
    each_row(
        conn,
        (
            "x.branch_id, substr(x.received_on, 1, 7), COUNT(*), SUM(x.status <> 'received')",
            &[],
        ),
        "suggestion",
        "1, 2",
        scope_where(scope, period, "x.received_on BETWEEN ? AND ?", None),
        &mut out,
        |r, c| {
            c.suggestions += r.get::<_, u32>(2)?;
            c.suggestions_answered += r.get::<_, u32>(3)?;
            Ok(())
        },
    )?;
    each_row(
        conn,
        ("x.branch_id, substr(x.raised_on, 1, 7), COUNT(*)", &[]),
        "problem",
        "1, 2",
        scope_where(scope, period, "x.raised_on BETWEEN ? AND ?", None),
        &mut out,
        |r, c| {
            c.problems_raised += r.get::<_, u32>(2)?;
            Ok(())
        },
    )?;
    each_row(
        conn,
        ("x.branch_id, substr(x.solved_on, 1, 7), COUNT(*)", &[]),
        "problem",
        "1, 2",
        scope_where(
            scope,
            period,
            "x.solved_on BETWEEN ? AND ?",
            Some("x.status = 'solved'"),
        ),
        &mut out,
        |r, c| {
            c.problems_solved += r.get::<_, u32>(2)?;
            Ok(())
        },
    )?;
    Ok(out)
}

/// Demonstration points open on `on` (created by then, not closed by then), per branch.
pub fn points_active(
    conn: &Connection,
    on: chrono::NaiveDate,
    scope: StatsScope,
) -> Result<HashMap<String, u32>> {
    let w = in_scope(scope).and(
        "x.created_on <= ? AND (x.closed_on IS NULL OR x.closed_on > ?)",
        vec![Box::new(on), Box::new(on)],
    );
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT x.branch_id, COUNT(*) FROM demo_point x {} GROUP BY 1",
        w.sql()
    ))?;
    let rows = stmt.query_map(w.params(1), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
