//! Table `photo`: which stored image belongs to which activity or demonstration point.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use crate::error::Result;
use crate::photo::{Photo, PhotoOwner};

const COLUMNS: &str = "id, activity_id, point_id, file_name, stored_name, media_type, bytes,
                       width, height, added_on";

fn from_row(r: &Row) -> rusqlite::Result<Photo> {
    let activity_id: Option<String> = r.get(1)?;
    let point_id: Option<String> = r.get(2)?;
    let owner = match activity_id {
        Some(activity_id) => PhotoOwner::Activity { activity_id },
        None => PhotoOwner::Point {
            point_id: point_id.unwrap_or_default(),
        },
    };
    Ok(Photo {
        id: r.get(0)?,
        owner,
        file_name: r.get(3)?,
        stored_name: r.get(4)?,
        media_type: r.get(5)?,
        bytes: r.get::<_, i64>(6)?.max(0) as u64,
        width: r.get(7)?,
        height: r.get(8)?,
        added_on: r.get(9)?,
    })
}

fn owner_columns(owner: &PhotoOwner) -> (Option<&str>, Option<&str>) {
    match owner {
        PhotoOwner::Activity { activity_id } => (Some(activity_id), None),
        PhotoOwner::Point { point_id } => (None, Some(point_id)),
    }
}

/// An owner's photos, oldest first (the order they were added).
pub fn of_owner(conn: &Connection, owner: &PhotoOwner) -> Result<Vec<Photo>> {
    let (activity_id, point_id) = owner_columns(owner);
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM photo
         WHERE (?1 IS NOT NULL AND activity_id = ?1) OR (?2 IS NOT NULL AND point_id = ?2)
         ORDER BY added_on, rowid"
    ))?;
    let rows = stmt.query_map(params![activity_id, point_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Photo>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM photo WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

pub fn insert(tx: &Transaction, photo: &Photo) -> Result<()> {
    let (activity_id, point_id) = owner_columns(&photo.owner);
    tx.execute(
        &format!("INSERT INTO photo ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        params![
            photo.id,
            activity_id,
            point_id,
            photo.file_name,
            photo.stored_name,
            photo.media_type,
            photo.bytes as i64,
            photo.width,
            photo.height,
            photo.added_on,
        ],
    )?;
    Ok(())
}

pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    tx.execute("DELETE FROM photo WHERE id = ?1", [id])?;
    Ok(())
}
