//! Tables `holiday_year` (schedules imported by users) and `holiday_edit` (days edited by hand).

use chrono::NaiveDate;
use rusqlite::{params, Connection, Transaction};

use crate::error::Result;

/// An imported year: its source (file name) and the holiday-cn JSON as imported.
pub fn imported_years(conn: &Connection) -> Result<Vec<(i32, String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT year, source, json FROM holiday_year ORDER BY year")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn upsert_year(tx: &Transaction, year: i32, source: &str, json: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO holiday_year (year, source, json) VALUES (?1, ?2, ?3)
         ON CONFLICT (year) DO UPDATE SET source = excluded.source, json = excluded.json",
        params![year, source, json],
    )?;
    Ok(())
}

/// Hand edits: date, kind (`off`, `work`, `normal`) and the holiday's name.
pub fn edits(conn: &Connection) -> Result<Vec<(NaiveDate, String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT date, kind, name FROM holiday_edit ORDER BY date")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn upsert_edit(tx: &Transaction, date: NaiveDate, kind: &str, name: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO holiday_edit (date, kind, name) VALUES (?1, ?2, ?3)
         ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name",
        params![date, kind, name],
    )?;
    Ok(())
}

pub fn delete_edit(tx: &Transaction, date: NaiveDate) -> Result<usize> {
    Ok(tx.execute("DELETE FROM holiday_edit WHERE date = ?1", [date])?)
}
