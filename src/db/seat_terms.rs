//! Table `seat_term`: who held each committee seat, and when. Kept in step with
//! `committee_seat` by the register's `set_committee`.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::filter::Where;
use crate::compliance::SeatTerm;
use crate::error::Result;
use crate::org::CommitteeRole;

/// A stored term: `from` is `None` when the member held the seat since before records were kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTerm {
    pub id: i64,
    pub branch_id: String,
    pub role: CommitteeRole,
    pub member_id: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl StoredTerm {
    /// The term as the compliance engine reads it (an unknown start is the earliest date).
    pub fn to_term(&self) -> SeatTerm {
        SeatTerm {
            role: self.role,
            member_id: self.member_id.clone(),
            from: self.from.unwrap_or(NaiveDate::MIN),
            until: self.until,
        }
    }
}

const COLUMNS: &str = "id, branch_id, role, member_id, from_date, until_date";

fn from_row(r: &Row) -> rusqlite::Result<StoredTerm> {
    let role: String = r.get(2)?;
    Ok(StoredTerm {
        id: r.get(0)?,
        branch_id: r.get(1)?,
        // The table's CHECK allows only the three roles.
        role: CommitteeRole::parse(&role).unwrap_or(CommitteeRole::Secretary),
        member_id: r.get(3)?,
        from: r.get(4)?,
        until: r.get(5)?,
    })
}

/// Every term of one branch, or of all branches (`None`), oldest first.
pub fn list(conn: &Connection, branch_id: Option<&str>) -> Result<Vec<StoredTerm>> {
    let w = Where::new().and_some("branch_id = ?", branch_id);
    let sql = format!(
        "SELECT {COLUMNS} FROM seat_term {} ORDER BY branch_id, COALESCE(from_date, ''), id",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(w.params(1), from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The open term of a seat, if anyone holds it.
pub fn open_term(
    conn: &Connection,
    branch_id: &str,
    role: CommitteeRole,
) -> Result<Option<StoredTerm>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM seat_term WHERE branch_id = ?1 AND role = ?2 AND until_date IS NULL"
    );
    Ok(conn
        .query_row(&sql, params![branch_id, role.as_str()], from_row)
        .optional()?)
}

/// Opens a term from `from` (`None`: since before records).
pub fn open(
    tx: &Transaction,
    branch_id: &str,
    role: CommitteeRole,
    member_id: &str,
    from: Option<NaiveDate>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO seat_term (branch_id, role, member_id, from_date, until_date)
         VALUES (?1, ?2, ?3, ?4, NULL)",
        params![branch_id, role.as_str(), member_id, from],
    )?;
    Ok(())
}

/// Ends a term on `until` (the holder's last day is the day before). A term that would hold
/// no day at all (opened on `until` itself) is removed.
pub fn close(tx: &Transaction, term: &StoredTerm, until: NaiveDate) -> Result<()> {
    if term.from.is_some_and(|from| from >= until) {
        tx.execute("DELETE FROM seat_term WHERE id = ?1", [term.id])?;
    } else {
        tx.execute(
            "UPDATE seat_term SET until_date = ?2 WHERE id = ?1",
            params![term.id, until],
        )?;
    }
    Ok(())
}

/// Whether a member ever held a seat.
pub fn names_member(conn: &Connection, member_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM seat_term WHERE member_id = ?1 LIMIT 1",
            [member_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
