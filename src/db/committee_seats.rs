//! Table `committee_seat`: which member holds each of a branch's three seats.

use rusqlite::{params, Connection, Transaction};

use crate::error::Result;
use crate::org::{CommitteeRole, SeatAssignment};

pub fn for_branch(conn: &Connection, branch_id: &str) -> Result<Vec<SeatAssignment>> {
    let mut stmt = conn.prepare(
        "SELECT role, member_id FROM committee_seat WHERE branch_id = ?1
         ORDER BY CASE role WHEN 'secretary' THEN 0 WHEN 'organising' THEN 1 ELSE 2 END",
    )?;
    let rows = stmt.query_map([branch_id], |r| {
        let role: String = r.get(0)?;
        Ok((role, r.get::<_, String>(1)?))
    })?;
    let mut seats = Vec::new();
    for row in rows {
        let (role, member_id) = row?;
        if let Some(role) = CommitteeRole::parse(&role) {
            seats.push(SeatAssignment { role, member_id });
        }
    }
    Ok(seats)
}

/// How many seats each branch has filled, keyed by branch id.
pub fn filled_by_branch(conn: &Connection) -> Result<Vec<(String, u32)>> {
    let mut stmt =
        conn.prepare("SELECT branch_id, COUNT(*) FROM committee_seat GROUP BY branch_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces the branch's whole committee with `seats` (checked by the caller).
pub fn replace(tx: &Transaction, branch_id: &str, seats: &[SeatAssignment]) -> Result<()> {
    tx.execute(
        "DELETE FROM committee_seat WHERE branch_id = ?1",
        [branch_id],
    )?;
    let mut stmt =
        tx.prepare("INSERT INTO committee_seat (branch_id, role, member_id) VALUES (?1, ?2, ?3)")?;
    for seat in seats {
        stmt.execute(params![branch_id, seat.role.as_str(), seat.member_id])?;
    }
    Ok(())
}
