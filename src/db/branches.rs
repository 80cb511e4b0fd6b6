//! Table `branch`.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::filter::Where;
use crate::error::Result;
use crate::org::{Branch, BranchBasis};

const COLUMNS: &str = "id, community_id, name, basis, note";

fn from_row(r: &Row) -> rusqlite::Result<Branch> {
    let basis: String = r.get(3)?;
    Ok(Branch {
        id: r.get(0)?,
        community_id: r.get(1)?,
        name: r.get(2)?,
        basis: BranchBasis::parse(&basis).unwrap_or(BranchBasis::Other),
        note: r.get(4)?,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Branch>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM branch ORDER BY name"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Branch>> {
    let sql = format!("SELECT {COLUMNS} FROM branch WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], from_row).optional()?)
}

/// Whether another branch of the same community already has this name.
pub fn name_taken(
    conn: &Connection,
    community_id: &str,
    name: &str,
    except_id: &str,
) -> Result<bool> {
    let sql = "SELECT 1 FROM branch WHERE community_id = ?1 AND name = ?2 AND id <> ?3";
    Ok(conn
        .query_row(sql, [community_id, name, except_id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn insert(tx: &Transaction, b: &Branch) -> Result<()> {
    tx.execute(
        "INSERT INTO branch (id, community_id, name, basis, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![b.id, b.community_id, b.name, b.basis.as_str(), b.note],
    )?;
    Ok(())
}

pub fn update(tx: &Transaction, b: &Branch) -> Result<()> {
    tx.execute(
        "UPDATE branch SET community_id = ?2, name = ?3, basis = ?4, note = ?5 WHERE id = ?1",
        params![b.id, b.community_id, b.name, b.basis.as_str(), b.note],
    )?;
    Ok(())
}

/// The branches of a scope with their communities, by community then branch name; each filter
/// left `None` matches everything.
pub fn in_scope(
    conn: &Connection,
    town_id: Option<&str>,
    community_id: Option<&str>,
    branch_id: Option<&str>,
) -> Result<Vec<(Branch, crate::org::Community)>> {
    let w = Where::new()
        .and_some("c.town_id = ?", town_id)
        .and_some("b.community_id = ?", community_id)
        .and_some("b.id = ?", branch_id);
    let sql = format!(
        "SELECT b.id, b.community_id, b.name, b.basis, b.note,
                c.id, c.town_id, c.name, c.committee_name
         FROM branch b JOIN community c ON c.id = b.community_id {}
         ORDER BY c.name, b.name",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(w.params(1), |r| {
        let community = crate::org::Community {
            id: r.get(5)?,
            town_id: r.get(6)?,
            name: r.get(7)?,
            committee_name: r.get(8)?,
        };
        Ok((from_row(r)?, community))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
