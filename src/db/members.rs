//! Table `member`, read together with the member's branch, community and seat.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

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

pub fn list(conn: &Connection, filter: &MemberFilter) -> Result<Vec<Member>> {
    let sql = format!(
        "{SELECT}
         WHERE (?1 IS NULL OR c.town_id = ?1)
           AND (?2 IS NULL OR b.community_id = ?2)
           AND (?3 IS NULL OR m.branch_id = ?3)
           AND (?4 OR m.archived_on IS NULL)
         ORDER BY c.name, b.name,
                  CASE s.role WHEN 'secretary' THEN 0 WHEN 'organising' THEN 1
                              WHEN 'publicity' THEN 2 ELSE 3 END,
                  m.name"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![
            filter.town_id,
            filter.community_id,
            filter.branch_id,
            filter.include_archived
        ],
        from_row,
    )?;
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
