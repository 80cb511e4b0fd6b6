//! Table `town`.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::Result;
use crate::org::Town;

pub fn list(conn: &Connection) -> Result<Vec<Town>> {
    let mut stmt = conn.prepare("SELECT id, name FROM town ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok(Town {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Town>> {
    Ok(conn
        .query_row("SELECT id, name FROM town WHERE id = ?1", [id], |r| {
            Ok(Town {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })
        .optional()?)
}

/// The id of the town with this name, other than `except_id`.
pub fn id_by_name(conn: &Connection, name: &str, except_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM town WHERE name = ?1 AND id <> ?2",
            [name, except_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn insert(tx: &Transaction, town: &Town) -> Result<()> {
    tx.execute(
        "INSERT INTO town (id, name) VALUES (?1, ?2)",
        params![town.id, town.name],
    )?;
    Ok(())
}

pub fn update(tx: &Transaction, town: &Town) -> Result<()> {
    tx.execute(
        "UPDATE town SET name = ?2 WHERE id = ?1",
        params![town.id, town.name],
    )?;
    Ok(())
}
