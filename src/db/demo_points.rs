//! The demonstration point aggregate: tables `demo_point`, `demo_point_member` and the
//! append-only `demo_point_history`.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::filter::Where;
use crate::demo_point::{DemoPoint, PointCategory, PointLeader, PointStatus, PointStatusChange};
use crate::error::Result;

/// Which points to list; an empty filter lists every point.
#[derive(Debug, Default, Clone)]
pub struct PointFilter<'a> {
    pub town_id: Option<&'a str>,
    pub community_id: Option<&'a str>,
    pub branch_id: Option<&'a str>,
    /// Points created in this year.
    pub year: Option<i32>,
}

const COLUMNS: &str = "p.id, p.branch_id, p.name, p.category, p.location, p.created_on,
                       p.leader_kind, p.leader_member_id, p.leader_team_id, p.description,
                       p.status, p.closed_on, p.close_reason";

const FROM: &str = "
    FROM demo_point p
    JOIN branch b ON b.id = p.branch_id
    JOIN community c ON c.id = b.community_id";

fn point_where<'a>(filter: &PointFilter<'a>) -> Where<'a> {
    let w = Where::new()
        .and_some("c.town_id = ?", filter.town_id)
        .and_some("b.community_id = ?", filter.community_id)
        .and_some("p.branch_id = ?", filter.branch_id);
    match filter.year {
        Some(year) => w.and(
            "p.created_on BETWEEN ? AND ?",
            vec![
                Box::new(format!("{year:04}-01-01")),
                Box::new(format!("{year:04}-12-31")),
            ],
        ),
        None => w,
    }
}

fn from_row(r: &Row) -> rusqlite::Result<DemoPoint> {
    let category: String = r.get(3)?;
    let kind: String = r.get(6)?;
    let leader = if kind == "team" {
        PointLeader::Team {
            team_id: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        }
    } else {
        PointLeader::Committee {
            member_id: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
        }
    };
    let closed_on: Option<NaiveDate> = r.get(11)?;
    let status = match closed_on {
        Some(closed_on) => PointStatus::Closed {
            closed_on,
            reason: r.get(12)?,
        },
        None => PointStatus::Active,
    };
    Ok(DemoPoint {
        id: r.get(0)?,
        branch_id: r.get(1)?,
        name: r.get(2)?,
        category: PointCategory::parse(&category).unwrap_or(PointCategory::Other),
        location: r.get(4)?,
        created_on: r.get(5)?,
        leader,
        member_ids: Vec::new(),
        description: r.get(9)?,
        status,
    })
}

/// Points with the members involved, by branch, creation date and name.
pub fn list(conn: &Connection, filter: &PointFilter) -> Result<Vec<DemoPoint>> {
    let w = point_where(filter);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} {FROM} {} ORDER BY p.branch_id, p.created_on, p.name, p.id",
        w.sql()
    ))?;
    let rows = stmt.query_map(w.params(1), from_row)?;
    let mut points: Vec<DemoPoint> = rows.collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT pm.point_id, pm.member_id FROM demo_point_member pm
         WHERE pm.point_id IN (SELECT p.id {FROM} {})
         ORDER BY pm.point_id, pm.position",
        w.sql()
    ))?;
    let rows = stmt.query_map(w.params(1), |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
    let mut members = super::members_by_owner(rows)?;
    for point in &mut points {
        point.member_ids = members.remove(&point.id).unwrap_or_default();
    }
    Ok(points)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<DemoPoint>> {
    let sql = format!("SELECT {COLUMNS} FROM demo_point p WHERE p.id = ?1");
    let Some(mut point) = conn.query_row(&sql, [id], from_row).optional()? else {
        return Ok(None);
    };
    let mut stmt = conn
        .prepare("SELECT member_id FROM demo_point_member WHERE point_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    point.member_ids = rows.collect::<Result<_, _>>()?;
    Ok(Some(point))
}

/// Inserts or updates the point and replaces its members involved. The history is separate
/// (`append_history`).
pub fn save(tx: &Transaction, p: &DemoPoint) -> Result<()> {
    let (kind, member_id, team_id) = match &p.leader {
        PointLeader::Committee { member_id } => ("committee", Some(member_id), None),
        PointLeader::Team { team_id } => ("team", None, Some(team_id)),
    };
    let (status, closed_on, reason) = match &p.status {
        PointStatus::Active => ("active", None, ""),
        PointStatus::Closed { closed_on, reason } => ("closed", Some(*closed_on), reason.as_str()),
    };
    tx.execute(
        "INSERT INTO demo_point (id, branch_id, name, category, location, created_on, leader_kind,
                                 leader_member_id, leader_team_id, description, status, closed_on,
                                 close_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, category = excluded.category, location = excluded.location,
             created_on = excluded.created_on, leader_kind = excluded.leader_kind,
             leader_member_id = excluded.leader_member_id,
             leader_team_id = excluded.leader_team_id, description = excluded.description,
             status = excluded.status, closed_on = excluded.closed_on,
             close_reason = excluded.close_reason",
        params![
            p.id,
            p.branch_id,
            p.name,
            p.category.as_str(),
            p.location,
            p.created_on,
            kind,
            member_id,
            team_id,
            p.description,
            status,
            closed_on,
            reason
        ],
    )?;
    tx.execute("DELETE FROM demo_point_member WHERE point_id = ?1", [&p.id])?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO demo_point_member (point_id, member_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (position, member_id) in p.member_ids.iter().enumerate() {
        stmt.execute(params![p.id, member_id, position as i64])?;
    }
    Ok(())
}

/// The statuses a point has had, oldest first.
pub fn history(conn: &Connection, point_id: &str) -> Result<Vec<PointStatusChange>> {
    let mut stmt = conn.prepare(
        "SELECT on_date, status, reason, recorded_on FROM demo_point_history
         WHERE point_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([point_id], |r| {
        let on: NaiveDate = r.get(0)?;
        let status: String = r.get(1)?;
        Ok(PointStatusChange {
            on,
            status: if status == "closed" {
                PointStatus::Closed {
                    closed_on: on,
                    reason: r.get(2)?,
                }
            } else {
                PointStatus::Active
            },
            recorded_on: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn append_history(tx: &Transaction, point_id: &str, change: &PointStatusChange) -> Result<()> {
    let (status, reason) = match &change.status {
        PointStatus::Active => ("active", ""),
        PointStatus::Closed { reason, .. } => ("closed", reason.as_str()),
    };
    tx.execute(
        "INSERT INTO demo_point_history (point_id, on_date, status, reason, recorded_on)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![point_id, change.on, status, reason, change.recorded_on],
    )?;
    Ok(())
}

/// How many points a team leads.
pub fn count_led_by_team(conn: &Connection, team_id: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM demo_point WHERE leader_team_id = ?1",
        [team_id],
        |r| r.get(0),
    )?)
}

/// The name of an active point the member leads or takes part in, if any.
pub fn active_point_of_member(conn: &Connection, member_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT p.name FROM demo_point p
             WHERE p.status = 'active'
               AND (p.leader_member_id = ?1
                    OR p.id IN (SELECT point_id FROM demo_point_member WHERE member_id = ?1))
             ORDER BY p.created_on LIMIT 1",
            [member_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether a member leads or takes part in any point.
pub fn names_member(conn: &Connection, member_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM demo_point WHERE leader_member_id = ?1
             UNION ALL
             SELECT 1 FROM demo_point_member WHERE member_id = ?1
             LIMIT 1",
            [member_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
