//! The statistics queries: each counts once per branch and month (`YYYY-MM` of the date that
//! puts a record in the period) for the branches of a scope, so one pass serves the total, the
//! breakdown by community or branch and the trend by month.

use std::collections::HashMap;

use rusqlite::{params, Connection};

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

const JOIN_SCOPE: &str = "JOIN branch b ON b.id = x.branch_id
     JOIN community c ON c.id = b.community_id
     WHERE (?3 IS NULL OR c.town_id = ?3) AND (?4 IS NULL OR b.community_id = ?4)
       AND (?5 IS NULL OR b.id = ?5)";

/// Runs `select` (columns: branch id, month, then the numbers) and lets `add` put each row's
/// numbers into its branch-month.
fn each_row(
    conn: &Connection,
    sql: &str,
    period: Period,
    scope: StatsScope,
    into: &mut BranchMonths,
    add: impl Fn(&rusqlite::Row, &mut Counts) -> rusqlite::Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![
        period.from,
        period.to,
        scope.town_id,
        scope.community_id,
        scope.branch_id
    ])?;
    while let Some(row) = rows.next()? {
        let key = (row.get::<_, String>(0)?, row.get::<_, String>(1)?);
        add(row, into.entry(key).or_default())?;
    }
    Ok(())
}

/// Everything but the scheduled days (the schedule is computed, not stored).
pub fn branch_months(conn: &Connection, period: Period, scope: StatsScope) -> Result<BranchMonths> {
    let mut out = BranchMonths::new();
    each_row(
        conn,
        &format!(
            "SELECT x.branch_id, substr(x.date, 1, 7), x.kinds, COUNT(*),
                    SUM(x.month IS NOT NULL), SUM(x.residents_present),
                    SUM((SELECT COUNT(*) FROM activity_step s
                         WHERE s.activity_id = x.id AND trim(s.record_done) <> '') = 3)
             FROM activity x {JOIN_SCOPE}
               AND x.status = 'held' AND x.date BETWEEN ?1 AND ?2
             GROUP BY 1, 2, 3"
        ),
        period,
        scope,
        &mut out,
        |r, c| {
            let n: u32 = r.get(3)?;
            count_kinds(&r.get::<_, String>(2)?, n, &mut c.by_kind);
            c.held += n;
            c.days_held += r.get::<_, u32>(4)?;
            c.residents += r.get::<_, u32>(5)?;
            c.three_steps += r.get::<_, u32>(6)?;
            Ok(())
        },
    )?;
    each_row(
        conn,
        &format!(
            "SELECT x.branch_id, substr(x.date, 1, 7), SUM(t.present), COUNT(*)
             FROM activity x JOIN attendance t ON t.activity_id = x.id {JOIN_SCOPE}
               AND x.status = 'held' AND x.date BETWEEN ?1 AND ?2
             GROUP BY 1, 2"
        ),
        period,
        scope,
        &mut out,
        |r, c| {
            c.present += r.get::<_, u32>(2)?;
            c.on_sheets += r.get::<_, u32>(3)?;
            Ok(())
        },
    )?;
    each_row(
        conn,
        &format!(
            "SELECT x.branch_id, substr(x.created_on, 1, 7), COUNT(*)
             FROM demo_point x {JOIN_SCOPE} AND x.created_on BETWEEN ?1 AND ?2
             GROUP BY 1, 2"
        ),
        period,
        scope,
        &mut out,
        |r, c| {
            c.points_created += r.get::<_, u32>(2)?;
            Ok(())
        },
    )?;
    each_row(
        conn,
        &format!(
            "SELECT x.branch_id, substr(x.received_on, 1, 7), COUNT(*), SUM(x.status <> 'received')
             FROM suggestion x {JOIN_SCOPE} AND x.received_on BETWEEN ?1 AND ?2
             GROUP BY 1, 2"
        ),
        period,
        scope,
        &mut out,
        |r, c| {
            c.suggestions += r.get::<_, u32>(2)?;
            c.suggestions_answered += r.get::<_, u32>(3)?;
            Ok(())
        },
    )?;
    each_row(
        conn,
        &format!(
            "SELECT x.branch_id, substr(x.raised_on, 1, 7), COUNT(*)
             FROM problem x {JOIN_SCOPE} AND x.raised_on BETWEEN ?1 AND ?2
             GROUP BY 1, 2"
        ),
        period,
        scope,
        &mut out,
        |r, c| {
            c.problems_raised += r.get::<_, u32>(2)?;
            Ok(())
        },
    )?;
    each_row(
        conn,
        &format!(
            "SELECT x.branch_id, substr(x.solved_on, 1, 7), COUNT(*)
             FROM problem x {JOIN_SCOPE}
               AND x.status = 'solved' AND x.solved_on BETWEEN ?1 AND ?2
             GROUP BY 1, 2"
        ),
        period,
        scope,
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
    let mut stmt = conn.prepare_cached(
        "SELECT x.branch_id, COUNT(*) FROM demo_point x
         JOIN branch b ON b.id = x.branch_id JOIN community c ON c.id = b.community_id
         WHERE (?2 IS NULL OR c.town_id = ?2) AND (?3 IS NULL OR b.community_id = ?3)
           AND (?4 IS NULL OR b.id = ?4)
           AND x.created_on <= ?1 AND (x.closed_on IS NULL OR x.closed_on > ?1)
         GROUP BY 1",
    )?;
    let rows = stmt.query_map(
        params![on, scope.town_id, scope.community_id, scope.branch_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
