//! Tables `suggestion` and `problem`: the branch ledgers.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::filter::Where;
use crate::error::Result;
use crate::ledger::{Problem, ProblemStatus, Suggestion, SuggestionSource, SuggestionStatus};

const SUGGESTION_COLUMNS: &str =
    "id, branch_id, activity_id, text, source, source_name, received_on, category, status, response";

fn suggestion_from_row(r: &Row) -> rusqlite::Result<Suggestion> {
    let source: String = r.get(4)?;
    let status: String = r.get(8)?;
    Ok(Suggestion {
        id: r.get(0)?,
        branch_id: r.get(1)?,
        activity_id: r.get(2)?,
        text: r.get(3)?,
        source: if source == "member" {
            SuggestionSource::Member
        } else {
            SuggestionSource::Resident
        },
        source_name: r.get(5)?,
        received_on: r.get(6)?,
        category: r.get(7)?,
        status: SuggestionStatus::parse(&status).unwrap_or(SuggestionStatus::Received),
        response: r.get(9)?,
    })
}

/// Filters for a ledger listing; `None` means any.
#[derive(Debug, Default, Clone)]
pub struct LedgerFilter<'a> {
    pub branch_id: Option<&'a str>,
    pub activity_id: Option<&'a str>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The filter's conditions; `from` and `to` compare the ledger's own date column.
fn ledger_where<'a>(f: &LedgerFilter<'a>, from: &'static str, to: &'static str) -> Where<'a> {
    Where::new()
        .and_some("branch_id = ?", f.branch_id)
        .and_some("activity_id = ?", f.activity_id)
        .and_some(from, f.from)
        .and_some(to, f.to)
}

pub fn suggestions(conn: &Connection, f: &LedgerFilter) -> Result<Vec<Suggestion>> {
    let filter = ledger_where(f, "received_on >= ?", "received_on <= ?");
    let sql = format!(
        "SELECT {SUGGESTION_COLUMNS} FROM suggestion {}
         ORDER BY received_on DESC, rowid DESC",
        filter.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(filter.params(1), suggestion_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_suggestion(conn: &Connection, id: &str) -> Result<Option<Suggestion>> {
    let sql = format!("SELECT {SUGGESTION_COLUMNS} FROM suggestion WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], suggestion_from_row).optional()?)
}

pub fn save_suggestion(tx: &Transaction, s: &Suggestion) -> Result<()> {
    let source = match s.source {
        SuggestionSource::Member => "member",
        SuggestionSource::Resident => "resident",
    };
    tx.execute(
        "INSERT INTO suggestion (id, branch_id, activity_id, text, source, source_name, received_on,
                                 category, status, response)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET activity_id = excluded.activity_id, text = excluded.text,
             source = excluded.source, source_name = excluded.source_name,
             received_on = excluded.received_on, category = excluded.category,
             status = excluded.status, response = excluded.response",
        params![
            s.id,
            s.branch_id,
            s.activity_id,
            s.text,
            source,
            s.source_name,
            s.received_on,
            s.category,
            s.status.as_str(),
            s.response
        ],
    )?;
    Ok(())
}

const PROBLEM_COLUMNS: &str =
    "id, branch_id, activity_id, person, description, raised_on, help, status, solved_on";

fn problem_from_row(r: &Row) -> rusqlite::Result<Problem> {
    let status: String = r.get(7)?;
    Ok(Problem {
        id: r.get(0)?,
        branch_id: r.get(1)?,
        activity_id: r.get(2)?,
        person: r.get(3)?,
        description: r.get(4)?,
        raised_on: r.get(5)?,
        help: r.get(6)?,
        status: ProblemStatus::parse(&status).unwrap_or(ProblemStatus::Open),
        solved_on: r.get(8)?,
    })
}

pub fn problems(conn: &Connection, f: &LedgerFilter) -> Result<Vec<Problem>> {
    let filter = ledger_where(f, "raised_on >= ?", "raised_on <= ?");
    let sql = format!(
        "SELECT {PROBLEM_COLUMNS} FROM problem {}
         ORDER BY raised_on DESC, rowid DESC",
        filter.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(filter.params(1), problem_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_problem(conn: &Connection, id: &str) -> Result<Option<Problem>> {
    let sql = format!("SELECT {PROBLEM_COLUMNS} FROM problem WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], problem_from_row).optional()?)
}

pub fn save_problem(tx: &Transaction, p: &Problem) -> Result<()> {
    tx.execute(
        "INSERT INTO problem (id, branch_id, activity_id, person, description, raised_on, help,
                              status, solved_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET activity_id = excluded.activity_id,
             person = excluded.person, description = excluded.description,
             raised_on = excluded.raised_on, help = excluded.help, status = excluded.status,
             solved_on = excluded.solved_on",
        params![
            p.id,
            p.branch_id,
            p.activity_id,
            p.person,
            p.description,
            p.raised_on,
            p.help,
            p.status.as_str(),
            p.solved_on
        ],
    )?;
    Ok(())
}
