//! Table `community`.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use crate::error::Result;
use crate::org::Community;

const COLUMNS: &str = "id, town_id, name, committee_name";

fn from_row(r: &Row) -> rusqlite::Result<Community> {
    Ok(Community {
        id: r.get(0)?,
        town_id: r.get(1)?,
        name: r.get(2)?,
        committee_name: r.get(3)?,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Community>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM community ORDER BY name"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Community>> {
    let sql = format!("SELECT {COLUMNS} FROM community WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], from_row).optional()?)
}

/// Whether another community of the same town already has this name.
pub fn name_taken(conn: &Connection, town_id: &str, name: &str, except_id: &str) -> Result<bool> {
    let sql = "SELECT 1 FROM community WHERE town_id = ?1 AND name = ?2 AND id <> ?3";
    Ok(conn
        .query_row(sql, [town_id, name, except_id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn insert(tx: &Transaction, c: &Community) -> Result<()> {
    tx.execute(
        "INSERT INTO community (id, town_id, name, committee_name) VALUES (?1, ?2, ?3, ?4)",
        params![c.id, c.town_id, c.name, c.committee_name],
    )?;
    Ok(())
}

pub fn update(tx: &Transaction, c: &Community) -> Result<()> {
    tx.execute(
        "UPDATE community SET town_id = ?2, name = ?3, committee_name = ?4 WHERE id = ?1",
        params![c.id, c.town_id, c.name, c.committee_name],
    )?;
    Ok(())
}

/// How many branches of the community may share a day; `None` when there is no such community.
/// (Its activity-week rule is in `community_week_rule`, see `super::week_rules`.)
pub fn day_share_limit(conn: &Connection, id: &str) -> Result<Option<u32>> {
    Ok(conn
        .query_row(
            "SELECT day_share_limit FROM community WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set_day_share_limit(tx: &Transaction, id: &str, limit: u32) -> Result<()> {
    tx.execute(
        "UPDATE community SET day_share_limit = ?2 WHERE id = ?1",
        params![id, limit],
    )?;
    Ok(())
}

pub fn venues(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached("SELECT name FROM community_venue WHERE community_id = ?1 ORDER BY name")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn replace_venues(tx: &Transaction, id: &str, venues: &[String]) -> Result<()> {
    tx.execute("DELETE FROM community_venue WHERE community_id = ?1", [id])?;
    let mut stmt =
        tx.prepare("INSERT INTO community_venue (community_id, name) VALUES (?1, ?2)")?;
    for venue in venues {
        stmt.execute([id, venue])?;
    }
    Ok(())
}
