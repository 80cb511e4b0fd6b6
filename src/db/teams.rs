//! The team aggregate: tables `team` and `team_member`.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::filter::Where;
use crate::error::Result;
use crate::team::Team;

/// Which teams to list; an empty filter lists every team.
#[derive(Debug, Default, Clone)]
pub struct TeamFilter<'a> {
    pub town_id: Option<&'a str>,
    pub community_id: Option<&'a str>,
    pub branch_id: Option<&'a str>,
    pub year: Option<i32>,
}

const FROM: &str = "
    FROM team t
    JOIN branch b ON b.id = t.branch_id
    JOIN community c ON c.id = b.community_id";

/// Teams with their members (in the order entered), by branch, year and name.
pub fn list(conn: &Connection, filter: &TeamFilter) -> Result<Vec<Team>> {
    let w = Where::new()
        .and_some("c.town_id = ?", filter.town_id)
        .and_some("b.community_id = ?", filter.community_id)
        .and_some("t.branch_id = ?", filter.branch_id)
        .and_some("t.year = ?", filter.year);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.id, t.branch_id, t.year, t.name {FROM} {} ORDER BY t.branch_id, t.year, t.name, t.id",
        w.sql()
    ))?;
    let rows = stmt.query_map(w.params(1), |r| {
        Ok(Team {
            id: r.get(0)?,
            branch_id: r.get(1)?,
            year: r.get(2)?,
            name: r.get(3)?,
            member_ids: Vec::new(),
        })
    })?;
    let mut teams: Vec<Team> = rows.collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT tm.team_id, tm.member_id
         FROM team_member tm
         WHERE tm.team_id IN (SELECT t.id {FROM} {})
         ORDER BY tm.rowid",
        w.sql()
    ))?;
    let rows = stmt.query_map(w.params(1), |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
    let mut members = super::members_by_owner(rows)?;
    for team in &mut teams {
        team.member_ids = members.remove(&team.id).unwrap_or_default();
    }
    Ok(teams)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Team>> {
    let team = conn
        .query_row(
            "SELECT id, branch_id, year, name FROM team WHERE id = ?1",
            [id],
            |r| {
                Ok(Team {
                    id: r.get(0)?,
                    branch_id: r.get(1)?,
                    year: r.get(2)?,
                    name: r.get(3)?,
                    member_ids: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut team) = team else {
        return Ok(None);
    };
    let mut stmt =
        conn.prepare("SELECT member_id FROM team_member WHERE team_id = ?1 ORDER BY rowid")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    team.member_ids = rows.collect::<Result<_, _>>()?;
    Ok(Some(team))
}

/// Whether another team of the branch and year already has this name.
pub fn name_taken(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    name: &str,
    except_id: &str,
) -> Result<bool> {
    let sql = "SELECT 1 FROM team WHERE branch_id = ?1 AND year = ?2 AND name = ?3 AND id <> ?4";
    Ok(conn
        .query_row(sql, params![branch_id, year, name, except_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Inserts or updates the team and replaces its members.
pub fn save(tx: &Transaction, team: &Team) -> Result<()> {
    // Members first, so a change of year never carries the old list into it.
    tx.execute("DELETE FROM team_member WHERE team_id = ?1", [&team.id])?;
    tx.execute(
        "INSERT INTO team (id, branch_id, year, name) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET
             branch_id = excluded.branch_id, year = excluded.year, name = excluded.name",
        params![team.id, team.branch_id, team.year, team.name],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO team_member (team_id, member_id, branch_id, year) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for member_id in &team.member_ids {
        stmt.execute(params![team.id, member_id, team.branch_id, team.year])?;
    }
    Ok(())
}

/// Deletes the team and its member list.
pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    tx.execute("DELETE FROM team WHERE id = ?1", [id])?;
    Ok(())
}

/// The name of a team of `year` or later the member is in, if any.
pub fn team_of_member_since(
    conn: &Connection,
    member_id: &str,
    year: i32,
) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT t.name FROM team_member m JOIN team t ON t.id = m.team_id
             WHERE m.member_id = ?1 AND m.year >= ?2 ORDER BY m.year LIMIT 1",
            params![member_id, year],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether a member is in any team.
pub fn names_member(conn: &Connection, member_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM team_member WHERE member_id = ?1 LIMIT 1",
            [member_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
