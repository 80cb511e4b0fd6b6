//! Table `reminder_sent`: reminders already shown.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::Result;

pub fn was_sent(conn: &Connection, branch_id: &str, date: NaiveDate, kind: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM reminder_sent WHERE branch_id = ?1 AND date = ?2 AND kind = ?3",
            params![branch_id, date, kind],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn mark_sent(tx: &Transaction, branch_id: &str, date: NaiveDate, kind: &str) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO reminder_sent (branch_id, date, kind) VALUES (?1, ?2, ?3)",
        params![branch_id, date, kind],
    )?;
    Ok(())
}
