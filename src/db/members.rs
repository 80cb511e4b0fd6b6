//! Table `member`, read together with the member's branch, community and seat.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::filter::Where;
use crate::error::Result;
use crate::org::{CommitteeRole, Gender, Member, MemberDraft};

const SELECT: &str = "
    SELECT m.id, m.branch_id, b.name, c.name, m.name, m.gender, m.birth_year, m.phone,
           m.specialty, m.joined_on, m.capable, m.archived_on, s.role
    FROM member m
    JOIN branch b ON b.id = m.branch_id
    JOIN community c ON c.id = b.community_id
    LEFT JOIN committee_seat s ON s.member_id = m.id";

fn from_row(r: &Row) -> rusqlite::Result<Member> {
    let gender: String = r.get(5)?;
    let role: Option<String> = r.get(12)?;
    Ok(Member {
        id: r.get(0)?,
        branch_id: r.get(1)?,
        branch_name: r.get(2)?,
        community_name: r.get(3)?,
        name: r.get(4)?,
        gender: Gender::parse(&gender).unwrap_or(Gender::Male),
        birth_year: r.get(6)?,
        phone: r.get(7)?,
        specialty: r.get(8)?,
        joined_on: r.get(9)?,
        capable: r.get(10)?,
        archived_on: r.get(11)?,
        seat: role.as_deref().and_then(CommitteeRole::parse),
    })
}

/// Which members to list; an empty filter lists everyone.
#[derive(Debug, Default, Clone)]
pub struct MemberFilter<'a> {
    pub town_id: Option<&'a str>,
    pub community_id: Option<&'a str>,
    pub branch_id: Option<&'a str>,
    pub include_archived: bool,
}

/// The scope's conditions on `m` (member), `b` (its branch) and `c` (its community).
fn scope_where<'a>(filter: &MemberFilter<'a>) -> Where<'a> {
    let mut w = Where::new()
        .and_some("c.town_id = ?", filter.town_id)
        .and_some("b.community_id = ?", filter.community_id)
        .and_some("m.branch_id = ?", filter.branch_id);
    if !filter.include_archived {
        w = w.and("m.archived_on IS NULL", Vec::new());
    }
    w
}

pub fn list(conn: &Connection, filter: &MemberFilter) -> Result<Vec<Member>> {
    let w = scope_where(filter);
    let sql = format!(
        "{SELECT} {}
         ORDER BY c.name, b.name,
                  CASE s.role WHEN 'secretary' THEN 0 WHEN 'organising' THEN 1
                              WHEN 'publicity' THEN 2 ELSE 3 END,
                  m.name",
        w.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(w.params(1), from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// (branch id, member id) of the active capable members in the filter's scope: all that 3+X
/// needs, without reading and sorting every member's whole row.
pub fn capable_ids(conn: &Connection, filter: &MemberFilter) -> Result<Vec<(String, String)>> {
    let w = scope_where(filter).and("m.capable = 1", Vec::new());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.branch_id, m.id FROM member m
         JOIN branch b ON b.id = m.branch_id
         JOIN community c ON c.id = b.community_id
         {} ORDER BY m.branch_id, m.name, m.id",
        w.sql()
    ))?;
    let rows = stmt.query_map(w.params(1), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<Member>> {
    let sql = format!("{SELECT} WHERE m.id = ?1");
    Ok(conn.query_row(&sql, [id], from_row).optional()?)
}

/// A member who is the same person: the same name and birth year in the branch, or the same
/// phone number anywhere. `except_id` skips the member being edited.
pub fn find_same_person(
    conn: &Connection,
    draft: &MemberDraft,
    except_id: &str,
) -> Result<Option<String>> {
    let sql = "SELECT name FROM member
               WHERE id <> ?1 AND archived_on IS NULL
                 AND ((branch_id = ?2 AND name = ?3 AND birth_year = ?4)
                      OR (?5 <> '' AND phone = ?5))
               LIMIT 1";
    Ok(conn
        .query_row(
            sql,
            params![
                except_id,
                draft.branch_id,
                draft.name,
                draft.birth_year,
                draft.phone
            ],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn insert(tx: &Transaction, id: &str, d: &MemberDraft) -> Result<()> {
    tx.execute(
        "INSERT INTO member (id, branch_id, name, gender, birth_year, phone, specialty,
                             joined_on, capable)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            d.branch_id,
            d.name,
            d.gender.as_str(),
            d.birth_year,
            d.phone,
            d.specialty,
            d.joined_on,
            d.capable
        ],
    )?;
    Ok(())
}

pub fn update(tx: &Transaction, id: &str, d: &MemberDraft) -> Result<()> {
    tx.execute(
        "UPDATE member SET branch_id = ?2, name = ?3, gender = ?4, birth_year = ?5, phone = ?6,
                           specialty = ?7, joined_on = ?8, capable = ?9
         WHERE id = ?1",
        params![
            id,
            d.branch_id,
            d.name,
            d.gender.as_str(),
            d.birth_year,
            d.phone,
            d.specialty,
            d.joined_on,
            d.capable
        ],
    )?;
    Ok(())
}

pub fn set_archived(tx: &Transaction, id: &str, archived_on: Option<NaiveDate>) -> Result<()> {
    tx.execute(
        "UPDATE member SET archived_on = ?2 WHERE id = ?1",
        params![id, archived_on],
    )?;
    Ok(())
}

pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    tx.execute("DELETE FROM member WHERE id = ?1", [id])?;
    Ok(())
}

/// Active and all members of each branch, keyed by branch id.
pub fn counts_by_branch(conn: &Connection) -> Result<Vec<(String, u32, u32)>> {
    let mut stmt = conn.prepare(
        "SELECT branch_id, SUM(archived_on IS NULL), COUNT(*) FROM member GROUP BY branch_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
