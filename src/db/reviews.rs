//! The review aggregate: tables `review_settings`, `review`, `review_branch`,
//! `review_reviewers`, `review_ballot`, `review_ballot_mark`, `review_total`,
//! `rectification_item`, `review_audit`.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::review::audit::{digest, ChainHead, PartDigests, ReviewAuditEntry};
use crate::review::tally::{Counts, GroupTotals, ReviewSettings};
use crate::review::{
    Ballot, BallotMark, ItemStatus, Mark, RectificationItem, ReviewState, ReviewerGroup,
};

/// A review row; `settings_json` is the stored text the digest covers.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub id: String,
    pub community_id: String,
    pub year: i32,
    pub quarter: u32,
    pub state: ReviewState,
    pub settings: ReviewSettings,
    pub opened_on: NaiveDate,
}

fn bad_text(what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what}: {text}").into(),
    )
}

fn group_of(text: String) -> rusqlite::Result<ReviewerGroup> {
    ReviewerGroup::parse(&text).ok_or_else(|| bad_text("reviewer group", &text))
}

fn json_error(e: serde_json::Error) -> Error {
    Error::Sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

pub fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(json_error)
}

const REVIEW_COLUMNS: &str = "id, community_id, year, quarter, state, settings, opened_on";

fn review_from_row(r: &Row) -> rusqlite::Result<ReviewRow> {
    let state: String = r.get(4)?;
    let settings: String = r.get(5)?;
    Ok(ReviewRow {
        id: r.get(0)?,
        community_id: r.get(1)?,
        year: r.get(2)?,
        quarter: r.get(3)?,
        state: ReviewState::parse(&state).ok_or_else(|| bad_text("review state", &state))?,
        settings: serde_json::from_str(&settings).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, e.into())
        })?,
        opened_on: r.get(6)?,
    })
}

/// The community's settings for its next reviews; the defaults when never set.
pub fn community_settings(conn: &Connection, community_id: &str) -> Result<ReviewSettings> {
    let text: Option<String> = conn
        .query_row(
            "SELECT settings FROM review_settings WHERE community_id = ?1",
            [community_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

pub fn save_community_settings(
    tx: &Transaction,
    community_id: &str,
    settings: &ReviewSettings,
) -> Result<()> {
    tx.execute(
        "INSERT INTO review_settings (community_id, settings) VALUES (?1, ?2)
         ON CONFLICT (community_id) DO UPDATE SET settings = excluded.settings",
        params![community_id, to_json(settings)?],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<ReviewRow>> {
    let sql = format!("SELECT {REVIEW_COLUMNS} FROM review WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], review_from_row).optional()?)
}

pub fn find(
    conn: &Connection,
    community_id: &str,
    year: i32,
    quarter: u32,
) -> Result<Option<ReviewRow>> {
    let sql = format!(
        "SELECT {REVIEW_COLUMNS} FROM review WHERE community_id = ?1 AND year = ?2 AND quarter = ?3"
    );
    Ok(conn
        .query_row(&sql, params![community_id, year, quarter], review_from_row)
        .optional()?)
}

/// Reviews of a community (every community with `None`), oldest quarter first.
pub fn list(conn: &Connection, community_id: Option<&str>) -> Result<Vec<ReviewRow>> {
    let sql = format!(
        "SELECT {REVIEW_COLUMNS} FROM review WHERE (?1 IS NULL OR community_id = ?1)
         ORDER BY year, quarter, community_id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([community_id], review_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Reviews that include a branch, oldest quarter first.
pub fn of_branch(conn: &Connection, branch_id: &str) -> Result<Vec<ReviewRow>> {
    let sql = format!(
        "SELECT {REVIEW_COLUMNS} FROM review
         WHERE id IN (SELECT review_id FROM review_branch WHERE branch_id = ?1)
         ORDER BY year, quarter"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([branch_id], review_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert(tx: &Transaction, r: &ReviewRow) -> Result<()> {
    tx.execute(
        "INSERT INTO review (id, community_id, year, quarter, state, settings, opened_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            r.id,
            r.community_id,
            r.year,
            r.quarter,
            r.state.as_str(),
            to_json(&r.settings)?,
            r.opened_on
        ],
    )?;
    Ok(())
}

pub fn set_state(tx: &Transaction, id: &str, state: ReviewState) -> Result<()> {
    tx.execute(
        "UPDATE review SET state = ?2 WHERE id = ?1",
        params![id, state.as_str()],
    )?;
    Ok(())
}

pub fn set_settings(tx: &Transaction, id: &str, settings: &ReviewSettings) -> Result<()> {
    tx.execute(
        "UPDATE review SET settings = ?2 WHERE id = ?1",
        params![id, to_json(settings)?],
    )?;
    Ok(())
}

/// A branch of a review with its fact sheet (JSON as stored) and comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchRow {
    pub branch_id: String,
    pub position: u32,
    pub facts: String,
    pub comment: String,
}

/// The review's branches in their order.
pub fn branches(conn: &Connection, review_id: &str) -> Result<Vec<BranchRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT branch_id, position, facts, comment FROM review_branch
         WHERE review_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([review_id], |r| {
        Ok(BranchRow {
            branch_id: r.get(0)?,
            position: r.get(1)?,
            facts: r.get(2)?,
            comment: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_branch(tx: &Transaction, review_id: &str, row: &BranchRow) -> Result<()> {
    tx.execute(
        "INSERT INTO review_branch (review_id, branch_id, position, facts, comment)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            review_id,
            row.branch_id,
            row.position,
            row.facts,
            row.comment
        ],
    )?;
    Ok(())
}

pub fn set_facts(tx: &Transaction, review_id: &str, branch_id: &str, facts: &str) -> Result<()> {
    tx.execute(
        "UPDATE review_branch SET facts = ?3 WHERE review_id = ?1 AND branch_id = ?2",
        params![review_id, branch_id, facts],
    )?;
    Ok(())
}

pub fn set_comment(
    tx: &Transaction,
    review_id: &str,
    branch_id: &str,
    comment: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE review_branch SET comment = ?3 WHERE review_id = ?1 AND branch_id = ?2",
        params![review_id, branch_id, comment],
    )?;
    Ok(())
}

/// Registered reviewers per group; a group never set is 0.
pub fn reviewers(conn: &Connection, review_id: &str) -> Result<Vec<(ReviewerGroup, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT reviewer_group, registered FROM review_reviewers WHERE review_id = ?1",
    )?;
    let rows = stmt.query_map([review_id], |r| Ok((group_of(r.get(0)?)?, r.get(1)?)))?;
    let found: Vec<(ReviewerGroup, u32)> = rows.collect::<Result<_, _>>()?;
    Ok(ReviewerGroup::ALL
        .into_iter()
        .map(|g| {
            (
                g,
                found.iter().find(|(f, _)| *f == g).map_or(0, |(_, n)| *n),
            )
        })
        .collect())
}

pub fn set_reviewers(
    tx: &Transaction,
    review_id: &str,
    group: ReviewerGroup,
    registered: u32,
) -> Result<()> {
    tx.execute(
        "INSERT INTO review_reviewers (review_id, reviewer_group, registered) VALUES (?1, ?2, ?3)
         ON CONFLICT (review_id, reviewer_group) DO UPDATE SET registered = excluded.registered",
        params![review_id, group.as_str(), registered],
    )?;
    Ok(())
}

/// The review's ballot sheets by number, each with its marks in branch order.
pub fn ballots(conn: &Connection, review_id: &str) -> Result<Vec<Ballot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, sheet_no, reviewer_group FROM review_ballot
         WHERE review_id = ?1 ORDER BY sheet_no",
    )?;
    let rows = stmt.query_map([review_id], |r| {
        Ok(Ballot {
            id: r.get(0)?,
            review_id: review_id.to_owned(),
            sheet_no: r.get(1)?,
            group: group_of(r.get(2)?)?,
            marks: Vec::new(),
        })
    })?;
    let mut ballots: Vec<Ballot> = rows.collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT m.ballot_id, m.branch_id, m.mark, m.comment
         FROM review_ballot_mark m
         JOIN review_branch b ON b.review_id = m.review_id AND b.branch_id = m.branch_id
         WHERE m.review_id = ?1 ORDER BY b.position",
    )?;
    let rows = stmt.query_map([review_id], |r| {
        let mark: String = r.get(2)?;
        Ok((
            r.get::<_, String>(0)?,
            BallotMark {
                branch_id: r.get(1)?,
                mark: Mark::parse(&mark).ok_or_else(|| bad_text("mark", &mark))?,
                comment: r.get(3)?,
            },
        ))
    })?;
    let mut by_ballot: std::collections::HashMap<String, Vec<BallotMark>> = Default::default();
    for row in rows {
        let (ballot, mark) = row?;
        by_ballot.entry(ballot).or_default().push(mark);
    }
    for ballot in &mut ballots {
        ballot.marks = by_ballot.remove(&ballot.id).unwrap_or_default();
    }
    Ok(ballots)
}

pub fn get_ballot(conn: &Connection, id: &str) -> Result<Option<Ballot>> {
    let review_id: Option<String> = conn
        .query_row(
            "SELECT review_id FROM review_ballot WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match review_id {
        Some(review_id) => Ok(ballots(conn, &review_id)?.into_iter().find(|b| b.id == id)),
        None => Ok(None),
    }
}

pub fn next_sheet_no(conn: &Connection, review_id: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(sheet_no), 0) + 1 FROM review_ballot WHERE review_id = ?1",
        [review_id],
        |r| r.get(0),
    )?)
}

/// Inserts a sheet, or replaces its group and marks.
pub fn save_ballot(tx: &Transaction, b: &Ballot) -> Result<()> {
    tx.execute(
        "INSERT INTO review_ballot (id, review_id, sheet_no, reviewer_group) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET reviewer_group = excluded.reviewer_group",
        params![b.id, b.review_id, b.sheet_no, b.group.as_str()],
    )?;
    tx.execute(
        "DELETE FROM review_ballot_mark WHERE ballot_id = ?1",
        [&b.id],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO review_ballot_mark (ballot_id, review_id, branch_id, mark, comment)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for m in &b.marks {
        stmt.execute(params![
            b.id,
            b.review_id,
            m.branch_id,
            m.mark.as_str(),
            m.comment
        ])?;
    }
    Ok(())
}

pub fn delete_ballot(tx: &Transaction, id: &str) -> Result<()> {
    tx.execute("DELETE FROM review_ballot_mark WHERE ballot_id = ?1", [id])?;
    tx.execute("DELETE FROM review_ballot WHERE id = ?1", [id])?;
    Ok(())
}

pub fn totals(conn: &Connection, review_id: &str) -> Result<Vec<GroupTotals>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.branch_id, t.reviewer_group, t.satisfied, t.fairly_satisfied, t.dissatisfied,
                t.no_rating, t.two_ratings
         FROM review_total t
         JOIN review_branch b ON b.review_id = t.review_id AND b.branch_id = t.branch_id
         WHERE t.review_id = ?1 ORDER BY b.position, t.reviewer_group",
    )?;
    let rows = stmt.query_map([review_id], |r| {
        Ok(GroupTotals {
            branch_id: r.get(0)?,
            group: group_of(r.get(1)?)?,
            counts: Counts {
                satisfied: r.get(2)?,
                fairly_satisfied: r.get(3)?,
                dissatisfied: r.get(4)?,
                no_rating: r.get(5)?,
                two_ratings: r.get(6)?,
            },
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Sets the hand-counted totals of a branch and group; all zero removes them.
pub fn set_totals(tx: &Transaction, review_id: &str, t: &GroupTotals) -> Result<()> {
    if t.counts.total() == 0 {
        tx.execute(
            "DELETE FROM review_total WHERE review_id = ?1 AND branch_id = ?2 AND reviewer_group = ?3",
            params![review_id, t.branch_id, t.group.as_str()],
        )?;
        return Ok(());
    }
    let c = t.counts;
    tx.execute(
        "INSERT INTO review_total (review_id, branch_id, reviewer_group, satisfied,
                                   fairly_satisfied, dissatisfied, no_rating, two_ratings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (review_id, branch_id, reviewer_group) DO UPDATE SET
             satisfied = excluded.satisfied, fairly_satisfied = excluded.fairly_satisfied,
             dissatisfied = excluded.dissatisfied, no_rating = excluded.no_rating,
             two_ratings = excluded.two_ratings",
        params![
            review_id,
            t.branch_id,
            t.group.as_str(),
            c.satisfied,
            c.fairly_satisfied,
            c.dissatisfied,
            c.no_rating,
            c.two_ratings
        ],
    )?;
    Ok(())
}

const ITEM_COLUMNS: &str = "id, review_id, branch_id, what, owner, due_on, status, done_on, note";

fn item_from_row(r: &Row) -> rusqlite::Result<RectificationItem> {
    let status: String = r.get(6)?;
    Ok(RectificationItem {
        id: r.get(0)?,
        review_id: r.get(1)?,
        branch_id: r.get(2)?,
        what: r.get(3)?,
        owner: r.get(4)?,
        due_on: r.get(5)?,
        status: ItemStatus::parse(&status).ok_or_else(|| bad_text("item status", &status))?,
        done_on: r.get(7)?,
        note: r.get(8)?,
    })
}

/// The review's rectification items, by branch order then due date.
pub fn items(conn: &Connection, review_id: &str) -> Result<Vec<RectificationItem>> {
    let sql = format!(
        "SELECT {} FROM rectification_item i
         JOIN review_branch b ON b.review_id = i.review_id AND b.branch_id = i.branch_id
         WHERE i.review_id = ?1 ORDER BY b.position, i.due_on, i.rowid",
        ITEM_COLUMNS
            .split(", ")
            .map(|c| format!("i.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([review_id], item_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A branch's items of reviews of earlier quarters than (`year`, `quarter`), with the
/// review's year and quarter, oldest first.
pub fn items_before(
    conn: &Connection,
    branch_id: &str,
    year: i32,
    quarter: u32,
) -> Result<Vec<(i32, u32, RectificationItem)>> {
    let sql = format!(
        "SELECT r.year, r.quarter, {} FROM rectification_item i JOIN review r ON r.id = i.review_id
         WHERE i.branch_id = ?1 AND (r.year * 4 + r.quarter) < (?2 * 4 + ?3)
         ORDER BY r.year, r.quarter, i.due_on, i.rowid",
        ITEM_COLUMNS
            .split(", ")
            .map(|c| format!("i.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![branch_id, year, quarter], |r| {
        let year: i32 = r.get(0)?;
        let quarter: u32 = r.get(1)?;
        // The item's columns start at index 2.
        let status: String = r.get(8)?;
        Ok((
            year,
            quarter,
            RectificationItem {
                id: r.get(2)?,
                review_id: r.get(3)?,
                branch_id: r.get(4)?,
                what: r.get(5)?,
                owner: r.get(6)?,
                due_on: r.get(7)?,
                status: ItemStatus::parse(&status)
                    .ok_or_else(|| bad_text("item status", &status))?,
                done_on: r.get(9)?,
                note: r.get(10)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_item(conn: &Connection, id: &str) -> Result<Option<RectificationItem>> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM rectification_item WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], item_from_row).optional()?)
}

pub fn insert_item(tx: &Transaction, i: &RectificationItem) -> Result<()> {
    tx.execute(
        "INSERT INTO rectification_item (id, review_id, branch_id, what, owner, due_on, status,
                                         done_on, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            i.id,
            i.review_id,
            i.branch_id,
            i.what,
            i.owner,
            i.due_on,
            i.status.as_str(),
            i.done_on,
            i.note
        ],
    )?;
    Ok(())
}

/// Changes what an item says (refused by the database once its review is finalised).
pub fn update_item_content(tx: &Transaction, i: &RectificationItem) -> Result<()> {
    tx.execute(
        "UPDATE rectification_item SET what = ?2, owner = ?3, due_on = ?4 WHERE id = ?1",
        params![i.id, i.what, i.owner, i.due_on],
    )?;
    update_item_follow_up(tx, i)
}

/// Changes where an item stands: allowed after finalisation too.
pub fn update_item_follow_up(tx: &Transaction, i: &RectificationItem) -> Result<()> {
    tx.execute(
        "UPDATE rectification_item SET status = ?2, done_on = ?3, note = ?4 WHERE id = ?1",
        params![i.id, i.status.as_str(), i.done_on, i.note],
    )?;
    Ok(())
}

const AUDIT_COLUMNS: &str =
    "seq, review_id, at, actor, action, detail, state_digest, prev_hash, hash, part_digests";

fn audit_from_row(r: &Row) -> rusqlite::Result<ReviewAuditEntry> {
    Ok(ReviewAuditEntry {
        seq: r.get(0)?,
        review_id: r.get(1)?,
        at: r.get(2)?,
        actor: r.get(3)?,
        action: r.get(4)?,
        detail: r.get(5)?,
        state_digest: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
        part_digests: r.get(9)?,
    })
}

/// The whole log (every review), in order.
pub fn audit_log(conn: &Connection) -> Result<Vec<ReviewAuditEntry>> {
    let sql = format!("SELECT {AUDIT_COLUMNS} FROM review_audit ORDER BY seq");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], audit_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn audit_of(conn: &Connection, review_id: &str) -> Result<Vec<ReviewAuditEntry>> {
    let sql = format!("SELECT {AUDIT_COLUMNS} FROM review_audit WHERE review_id = ?1 ORDER BY seq");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([review_id], audit_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn last_audit(conn: &Connection) -> Result<Option<ReviewAuditEntry>> {
    let sql = format!("SELECT {AUDIT_COLUMNS} FROM review_audit ORDER BY seq DESC LIMIT 1");
    Ok(conn.query_row(&sql, [], audit_from_row).optional()?)
}

pub fn append_audit(tx: &Transaction, e: &ReviewAuditEntry) -> Result<()> {
    tx.execute(
        "INSERT INTO review_audit (seq, review_id, at, actor, action, detail, state_digest,
                                   prev_hash, hash, part_digests)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            e.seq,
            e.review_id,
            e.at,
            e.actor,
            e.action,
            e.detail,
            e.state_digest,
            e.prev_hash,
            e.hash,
            e.part_digests
        ],
    )?;
    Ok(())
}

/// Appends an audit entry sealing the review's data as it stands, without checking it first:
/// for generated data written straight into the tables (the city-scale dataset, test
/// fixtures of thousands of sheets). The app's own writes go through `api::reviews`, which
/// refuses a review that no longer matches its log.
pub fn seal_in(
    tx: &Transaction,
    review_id: &str,
    at: chrono::NaiveDateTime,
    actor: &str,
    action: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    let content = content(tx, review_id)?;
    let last = last_audit(tx)?;
    let entry = crate::review::audit::seal(
        last.as_ref(),
        crate::review::audit::NewEntry {
            review_id: review_id.to_owned(),
            at,
            actor: actor.to_owned(),
            action: action.to_owned(),
            detail: detail.to_string(),
            state_digest: digest(&content),
            part_digests: Some(content.part_digests().to_text()),
        },
    );
    append_audit(tx, &entry)
}

/// The anchor on the review row (kept by the trigger `review_audit_anchor`).
pub fn anchor(conn: &Connection, review_id: &str) -> Result<ChainHead> {
    Ok(conn.query_row(
        "SELECT audit_entries, audit_head FROM review WHERE id = ?1",
        [review_id],
        |r| {
            Ok(ChainHead {
                entries: r.get(0)?,
                hash: r.get(1)?,
            })
        },
    )?)
}

/// A rectification item's columns as stored: id, branch, what, owner, due, status, done, note.
type ItemColumns = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
);

/// Everything of a review the audit digest covers, read as stored (text verbatim, rows in a
/// fixed order), so the same data always gives the same digest.
#[derive(Debug, Serialize)]
pub struct ReviewContent {
    review: (String, String, i32, u32, String, String, String),
    branches: Vec<(String, u32, String, String)>,
    reviewers: Vec<(String, u32)>,
    ballots: Vec<(String, u32, String)>,
    marks: Vec<(String, String, String, String)>,
    totals: Vec<(String, String, u32, u32, u32, u32, u32)>,
    items: Vec<ItemColumns>,
}

impl ReviewContent {
    /// The digest of each part, to name what changed when the whole no longer matches.
    pub fn part_digests(&self) -> PartDigests {
        let (id, community, year, quarter, state, settings, opened_on) = &self.review;
        PartDigests {
            state: digest(&(id, community, year, quarter, state, opened_on)),
            settings: digest(settings),
            branches: digest(&self.branches),
            reviewers: digest(&self.reviewers),
            ballots: digest(&(&self.ballots, &self.marks)),
            totals: digest(&self.totals),
            items: digest(&self.items),
        }
    }
}

fn all<T>(
    conn: &Connection,
    sql: &str,
    review_id: &str,
    f: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([review_id], f)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn content(conn: &Connection, review_id: &str) -> Result<ReviewContent> {
    let review = conn.query_row(
        "SELECT id, community_id, year, quarter, state, settings, opened_on FROM review WHERE id = ?1",
        [review_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
    )?;
    Ok(ReviewContent {
        review,
        branches: all(
            conn,
            "SELECT branch_id, position, facts, comment FROM review_branch
             WHERE review_id = ?1 ORDER BY branch_id",
            review_id,
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?,
        reviewers: all(
            conn,
            "SELECT reviewer_group, registered FROM review_reviewers
             WHERE review_id = ?1 ORDER BY reviewer_group",
            review_id,
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?,
        ballots: all(
            conn,
            "SELECT id, sheet_no, reviewer_group FROM review_ballot
             WHERE review_id = ?1 ORDER BY id",
            review_id,
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?,
        marks: all(
            conn,
            "SELECT ballot_id, branch_id, mark, comment FROM review_ballot_mark
             WHERE review_id = ?1 ORDER BY ballot_id, branch_id",
            review_id,
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?,
        totals: all(
            conn,
            "SELECT branch_id, reviewer_group, satisfied, fairly_satisfied, dissatisfied,
                    no_rating, two_ratings FROM review_total
             WHERE review_id = ?1 ORDER BY branch_id, reviewer_group",
            review_id,
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )?,
        items: all(
            conn,
            "SELECT id, branch_id, what, owner, due_on, status, done_on, note
             FROM rectification_item WHERE review_id = ?1 ORDER BY id",
            review_id,
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )?,
    })
}

/// Every review id, for the audit check.
pub fn all_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM review ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
